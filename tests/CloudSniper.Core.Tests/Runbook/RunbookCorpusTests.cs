using System.Text.Json;
using CloudSniper.Core.Reports;
using CloudSniper.Core.Runbook;
using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Tests.CloudTrail;

namespace CloudSniper.Core.Tests.Runbook;

/// <summary>Pins what the runbook reports on the shared CloudTrail corpora, each figure recomputed here from the raw JSON.</summary>
public sealed class RunbookCorpusTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static async Task<RunbookReport> RunAsync(int parallelism = 2) =>
        await new RunbookRunner(new FixedTime(Now)).RunAsync(
            new RunbookInputs
            {
                CloudTrail = [CorpusPaths.CloudTrail],
                RulesDirectory = Path.Combine(CorpusPaths.RepoRoot, "rules", "cloudtrail"),
                Parallelism = parallelism,
            },
            cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Run_OverTheCorpora_ReadsEveryRecordAndRejectsNone()
    {
        CorpusPaths.RequireCorpus();
        var records = CorpusRecords.Load();
        var report = await RunAsync();
        var input = report.Inputs.Single(i => i.Kind == "cloudtrail");
        Assert.Equal(records.Count, report.CloudTrail.Records);
        Assert.Equal(413, report.CloudTrail.Records);
        Assert.Equal(36, input.Files);
        Assert.Equal(0, input.Rejected);
        Assert.Empty(input.Errors);
    }

    [Fact]
    public async Task Run_OverTheCorpora_CountsEachEventWithItsUserAgentsAndSourceIpsAsAPlainJsonCountDoes()
    {
        CorpusPaths.RequireCorpus();
        var records = CorpusRecords.Load().Select(r => r.Record).ToList();
        var expected = records
            .GroupBy(r => (r.Str("eventSource")!, r.Str("eventName")!))
            .ToDictionary(g => g.Key, g => (
                Count: (long)g.Count(),
                Agents: g.GroupBy(r => r.Str("userAgent") ?? "").ToDictionary(a => a.Key, a => (long)a.Count()),
                Ips: g.GroupBy(r => r.Str("sourceIPAddress") ?? "").ToDictionary(a => a.Key, a => (long)a.Count())));
        var report = await RunAsync();

        Assert.Equal(expected.Count, report.CloudTrail.Events.Count);
        Assert.Equal(77, report.CloudTrail.Events.Count);
        foreach (var e in report.CloudTrail.Events)
        {
            var x = expected[(e.EventSource, e.EventName)];
            Assert.Equal(x.Count, e.Count);
            Assert.Equal(x.Agents.OrderBy(k => k.Key), e.UserAgents.OrderBy(k => k.Key));
            Assert.Equal(x.Ips.OrderBy(k => k.Key), e.SourceIps.OrderBy(k => k.Key));
        }

        var top = report.CloudTrail.Events[0];
        Assert.Equal(("ssm.amazonaws.com", "DescribeInstanceInformation", 112L), (top.EventSource, top.EventName, top.Count));
        Assert.True(report.CloudTrail.Events.Zip(report.CloudTrail.Events.Skip(1)).All(p => p.First.Count >= p.Second.Count));
    }

    [Fact]
    public async Task Run_OverTheCorpora_ListsTheConsoleLoginWithoutMfaAndNoRootActivity()
    {
        CorpusPaths.RequireCorpus();
        var records = CorpusRecords.Load().Select(r => r.Record).ToList();
        var logins = records.Where(r => r.Str("eventName") == "ConsoleLogin").ToList();
        var root = records.Where(r => r.Str("userIdentity", "type") == "Root" && r.Str("eventType") != "AwsServiceEvent").ToList();
        var report = await RunAsync();

        var login = Assert.Single(report.CloudTrail.ConsoleLogins);
        Assert.Equal(logins.Count, report.CloudTrail.ConsoleLogins.Count);
        Assert.Equal(logins[0].Str("userIdentity", "arn"), login.User);
        Assert.Equal(logins[0].Str("sourceIPAddress"), login.SourceIp);
        Assert.Equal(logins[0].Str("responseElements", "ConsoleLogin") == "Success", login.Success);
        Assert.Equal(logins[0].Str("additionalEventData", "MFAUsed") == "Yes", login.MfaUsed);
        Assert.True(login.Success);
        Assert.False(login.MfaUsed);
        Assert.Equal(root.Count, report.CloudTrail.RootActivity.Count);
        Assert.Empty(report.CloudTrail.RootActivity);
    }

    [Fact]
    public async Task Run_OverTheCorpora_FindsTheAccessDeniedBurstsOfTheDenialHeavyTechniques()
    {
        CorpusPaths.RequireCorpus();
        var denials = CorpusRecords.Load()
            .Where(r => r.Record.Str("errorCode") is { } code && (code.Contains("AccessDenied", StringComparison.Ordinal) || code.Contains("UnauthorizedOperation", StringComparison.Ordinal)))
            .Select(r => (Principal: r.Record.Str("userIdentity", "sessionContext", "sessionIssuer", "arn") ?? r.Record.Str("userIdentity", "arn"), Time: DateTimeOffset.Parse(r.Record.Str("eventTime")!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        // Independently: principals with at least 5 denials inside some 10-minute span.
        var bursty = denials.GroupBy(d => d.Principal)
            .Where(g => g.Any(a => g.Count(b => b.Time >= a.Time && b.Time < a.Time.AddMinutes(10)) >= 5))
            .ToDictionary(g => g.Key!, g => g.Count());
        var report = await RunAsync();

        Assert.Equal(bursty.Count, report.CloudTrail.AccessDeniedBursts.Count);
        Assert.Equal(2, report.CloudTrail.AccessDeniedBursts.Count);
        foreach (var b in report.CloudTrail.AccessDeniedBursts)
        {
            Assert.Equal(bursty[b.Principal], b.Count);
        }

        Assert.Equal([30L, 15L], report.CloudTrail.AccessDeniedBursts.Select(b => b.Count));
        Assert.Equal("GetPasswordData", report.CloudTrail.AccessDeniedBursts[0].EventNames.Keys.Single());
    }

    [Fact]
    public async Task Run_OverTheCorpora_ListsEveryStratusCallAsAnUnusualUserAgent()
    {
        CorpusPaths.RequireCorpus();
        string[] types = ["AssumedRole", "Role", "IAMUser", "FederatedUser"];
        var expected = CorpusRecords.Load().Select(r => r.Record)
            .Count(r => (r.Str("userAgent") ?? "").StartsWith("stratus-red-team_", StringComparison.Ordinal) && types.Contains(r.Str("userIdentity", "type")) && r.Str("eventName") != "ConsoleLogin");
        var report = await RunAsync();

        var fromStratus = report.CloudTrail.UnusualUserAgents.Where(u => u.UserAgent.StartsWith("stratus-red-team_", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected, fromStratus.Sum(u => u.Count));
        Assert.All(fromStratus, u => Assert.Equal("other", u.Family));
    }

    [Fact]
    public async Task Run_WithOneOrTwoWorkers_GivesTheSameReport()
    {
        CorpusPaths.RequireCorpus();
        var one = await RunAsync(parallelism: 1);
        var two = await RunAsync(parallelism: 2);
        Assert.Equal(ReportJson.Serialize(one), ReportJson.Serialize(two));
    }

    [Fact]
    public async Task Run_OverTheCorpora_WritesJsonThatValidatesAgainstTheSchema()
    {
        CorpusPaths.RequireCorpus();
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(CorpusPaths.RepoRoot, "schemas", "runbook-report.schema.json"), TestContext.Current.CancellationToken);
        var report = await RunAsync();
        var json = ReportJson.Serialize(report);
        var errors = schema.Validate(json);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        foreach (var field in new[] { "checks", "cloudTrail", "detections", "guardDuty", "inspector", "correlation", "inputs" })
        {
            Assert.True(root.TryGetProperty(field, out _), field);
        }

        var ev = root.GetProperty("cloudTrail").GetProperty("events")[0];
        foreach (var field in new[] { "eventSource", "eventName", "count", "userAgents", "sourceIps" })
        {
            Assert.True(ev.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Schema_RejectsAReportMissingARequiredField()
    {
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(CorpusPaths.RepoRoot, "schemas", "runbook-report.schema.json"), TestContext.Current.CancellationToken);
        var empty = new RunbookReport { GeneratedAt = Now };
        var json = ReportJson.Serialize(empty with { Summary = RunbookSummaryBuilder.Build(empty) });
        var errors = schema.Validate(json);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        var broken = json.Replace("\"detections\": []", "\"detectionz\": []", StringComparison.Ordinal);
        Assert.NotEqual(json, broken);
        Assert.NotEmpty(schema.Validate(broken));
    }
}
