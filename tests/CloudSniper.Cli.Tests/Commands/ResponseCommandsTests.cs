using System.Text.Json;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class ResponseCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-resp-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Sample(string name) => Path.Combine(RepoRoot.Find() ?? throw new InvalidOperationException("repository root not found"), "samples", "findings", name);

    [Fact]
    public async Task Respond_OfflineOnSample_StoresAndPrintsThePlanWithoutActing()
    {
        var run = await CliRun.Run(_dir, null, "respond", Sample("guardduty-eventbridge-ssh-bruteforce.json"), "--offline", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var actions = doc.RootElement.GetProperty("plan").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("actionKey").GetString()).ToList();
        Assert.Equal(["tag", "waf-block", "nacl-block"], actions);
        Assert.Contains("nothing was changed", run.Error, StringComparison.Ordinal);
        var db = Path.Combine(_dir, ".sniper-home", "sniper.db");
        Assert.True(File.Exists(db));
        await using var kb = new CloudSniper.Store.Sqlite.SqliteKnowledgeBase(db);
        await kb.InitializeAsync(TestContext.Current.CancellationToken);
        var audit = await kb.ListAuditAsync(new CloudSniper.Core.KnowledgeBase.AuditQuery(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, audit.Count(a => a.Action == "response.planned"));
        Assert.All(audit, a => Assert.Equal("cloudsniper:response", a.Actor));
    }

    [Fact]
    public async Task Respond_GivenMissingFileAndApplyWithOffline_ReportsUsageAndInputErrors()
    {
        var conflict = await CliRun.Run(_dir, null, "respond", Sample("guardduty-eventbridge-ssh-bruteforce.json"), "--offline", "--apply");
        Assert.Equal(2, conflict.ExitCode);
        Assert.Contains("--offline cannot be combined", conflict.Error, StringComparison.Ordinal);

        var missing = await CliRun.Run(_dir, null, "respond", "nope.json", "--offline");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("'nope.json': no such file or directory", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Respond_GivenWebhookSecretByName_NeverPrintsTheSecretOrItsName()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "hooks.yaml"), "name: hooks\nrules:\n  - name: tell-soar\n    when: { type: \"*:EC2/*BruteForce\" }\n    do:\n      - notify-webhook: { url: \"https://soar.example.com/hook\", secret-env: SNIPER_WEBHOOK_SECRET }\n", TestContext.Current.CancellationToken);
        var variables = new Dictionary<string, string> { ["SNIPER_WEBHOOK_SECRET"] = "hunter2-value" };

        var run = await CliRun.Run(_dir, variables, "respond", Sample("guardduty-eventbridge-ssh-bruteforce.json"), "--offline", "--format", "json", "--playbook", "hooks.yaml");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var hook = doc.RootElement.GetProperty("plan").GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("actionKey").GetString() == "notify-webhook");
        Assert.Equal("***", hook.GetProperty("parameters").GetProperty("secret-env").GetString());
        Assert.DoesNotContain("hunter2-value", run.Out + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("SNIPER_WEBHOOK_SECRET", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaybooksValidate_GivenLiteralWebhookSecret_ExitsTwoNamingTheFileAndTheFix()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "hooks.yaml"), "name: hooks\nrules:\n  - name: tell-soar\n    do:\n      - notify-webhook: { url: \"https://soar.example.com/hook\", secret: hunter2-value }\n", TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "playbooks", "validate", "hooks.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("hooks.yaml:5:", run.Error, StringComparison.Ordinal);
        Assert.Contains("secret-env: SNIPER_WEBHOOK_SECRET", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-value", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaybooksValidate_GivenBrokenPlaybook_ExitsTwoWithLine()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "p.yaml"), "name: p\nrules:\n  - name: r\n    do:\n      - nacl-block: { direction: up }\n", TestContext.Current.CancellationToken);
        var run = await CliRun.Run(_dir, null, "playbooks", "validate", "p.yaml");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("p.yaml:5:", run.Error, StringComparison.Ordinal);
        Assert.Contains("'direction' must be one of inbound, outbound, any", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaybooksExplain_ShowsRulesActionsAndGuards()
    {
        var run = await CliRun.Run(_dir, null, "playbooks", "explain", Sample("guardduty-eventbridge-ssh-bruteforce.json"), "--format", "json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("inbound-brute-force-and-probes", run.Out, StringComparison.Ordinal);
        Assert.Contains("\"decision\": \"allowed\"", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IamPolicy_CoversOnlyTheActionsThePlaybooksUse()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "tag-only.yaml"), "name: t\nrules:\n  - name: r\n    do: [ tag ]\n", TestContext.Current.CancellationToken);
        var all = await CliRun.Run(_dir, null, "iam-policy");
        var tagOnly = await CliRun.Run(_dir, null, "iam-policy", "--playbook", "tag-only.yaml");
        Assert.Contains("wafv2:UpdateIPSet", all.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("wafv2:UpdateIPSet", tagOnly.Out, StringComparison.Ordinal);
        Assert.Contains("ec2:CreateTags", tagOnly.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IamPolicy_GivenTheWorkersStoreSourcesAndJobs_CoversThemWithoutOpeningTheStore()
    {
        var run = await CliRun.Run(_dir, null, "iam-policy", "--store", "dynamodb:sniper-kb", "--source", "s3://flow-logs/AWSLogs/",
            "--source", "sqs://https://sqs.eu-west-1.amazonaws.com/123456789012/guardduty-findings", "--runbook", "--iam-review");
        var bad = await CliRun.Run(_dir, null, "iam-policy", "--source", "ftp://x");

        Assert.True(run.ExitCode == 0, run.Error);
        var statements = System.Text.Json.JsonDocument.Parse(run.Out).RootElement.GetProperty("Statement").EnumerateArray().ToList();
        string Resources(string sid) => statements.Single(s => s.GetProperty("Sid").GetString() == sid).GetProperty("Resource").ToString();
        Assert.Contains("arn:aws:dynamodb:*:*:table/sniper-kb-response", Resources("CloudSniperStore"), StringComparison.Ordinal);
        Assert.Equal("arn:aws:s3:::flow-logs/AWSLogs/*", Resources("CloudSniperS3Read1"));
        Assert.Equal("arn:aws:sqs:*:123456789012:guardduty-findings", Resources("CloudSniperSqs2"));
        Assert.Contains("cloudtrail:DescribeTrails", run.Out, StringComparison.Ordinal);
        Assert.Contains("iam:GetAccountAuthorizationDetails", run.Out, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--source must be s3://bucket/prefix or sqs://queue", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IpRangesRefresh_GivenFile_InstallsItAndRejectsBrokenOnes()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "r.json"), """{"syncToken":"1","createDate":"2026-01-01-00-00-00","prefixes":[{"ip_prefix":"45.155.0.0/16","region":"eu-west-1","service":"EC2"}],"ipv6_prefixes":[]}""", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_dir, "bad.json"), "{}", TestContext.Current.CancellationToken);
        Assert.Equal(0, (await CliRun.Run(_dir, null, "ip-ranges", "refresh", "--file", "r.json")).ExitCode);
        Assert.Contains("1 prefixes, createDate 2026-01-01", (await CliRun.Run(_dir, null, "ip-ranges", "show")).Out, StringComparison.Ordinal);
        Assert.Equal(3, (await CliRun.Run(_dir, null, "ip-ranges", "refresh", "--file", "bad.json")).ExitCode);

        // The refreshed ranges now guard 45.155.0.0/16.
        var probe = Sample("guardduty-eventbridge-ssh-bruteforce.json");
        var text = (await File.ReadAllTextAsync(probe, TestContext.Current.CancellationToken)).Replace("45.95.147.236", "45.155.1.2", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_dir, "f.json"), text, TestContext.Current.CancellationToken);
        var plan = await CliRun.Run(_dir, null, "respond", "f.json", "--offline", "--format", "json");
        Assert.Contains("aws-service-range", plan.Out, StringComparison.Ordinal);
    }
}
