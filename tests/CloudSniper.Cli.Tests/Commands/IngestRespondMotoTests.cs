using Amazon.EC2;
using Amazon.EC2.Model;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

/// <summary><c>sniper ingest</c> from S3 and SQS, and <c>--respond --apply</c>, against moto, reached only through <c>AWS_ENDPOINT_URL</c>.</summary>
public sealed class IngestRespondMotoTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-ingest-moto-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Ingest_FromAnS3PrefixAndAQueue_StoresEveryFindingAndEmptiesTheQueue()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        var env = MotoTestAccount.Variables(moto);
        env["SNIPER_STORE"] = "sqlite:kb.db";
        env["SNIPER_SQS__WAIT_TIME_SECONDS"] = "1";
        using var s3 = MotoTestAccount.S3(moto);
        using var sqs = MotoTestAccount.Sqs(moto);
        var samples = Path.Combine(RepoRoot.Find()!, "samples", "findings");
        await s3.PutBucketAsync("findings-export", ct);
        foreach (var name in new[] { "guardduty-s3-export.jsonl.gz", "guardduty-getfindings-sdk.json" })
        {
            await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "findings-export", Key = "AWSLogs/123456789012/GuardDuty/us-east-1/" + name, FilePath = Path.Combine(samples, name) }, ct);
        }

        var queue = (await sqs.CreateQueueAsync("guardduty-findings", ct)).QueueUrl;
        await sqs.SendMessageAsync(queue, await File.ReadAllTextAsync(Path.Combine(samples, "guardduty-eventbridge-ssh-bruteforce.json"), ct), ct);
        var local = await CliRun.Run(_dir, new Dictionary<string, string> { ["SNIPER_STORE"] = "sqlite:local.db" }, "ingest",
            Path.Combine(samples, "guardduty-s3-export.jsonl.gz"), Path.Combine(samples, "guardduty-getfindings-sdk.json"), Path.Combine(samples, "guardduty-eventbridge-ssh-bruteforce.json"), "--format", "json");

        var run = await CliRun.Run(_dir, env, "ingest", "s3://findings-export/AWSLogs/", "sqs://guardduty-findings", "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("sqs://guardduty-findings: receiving until the queue is empty (long polls of", run.Error, StringComparison.Ordinal);
        Assert.Contains("sqs://guardduty-findings: empty after 1 message(s)", run.Error, StringComparison.Ordinal);
        using var report = System.Text.Json.JsonDocument.Parse(run.Out);
        using var expected = System.Text.Json.JsonDocument.Parse(local.Out);
        Assert.True(expected.RootElement.GetProperty("inserted").GetInt32() > 2);
        Assert.Equal(expected.RootElement.GetProperty("inserted").GetInt32(), report.RootElement.GetProperty("inserted").GetInt32());
        var left = await sqs.GetQueueAttributesAsync(queue, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], ct);
        Assert.Equal(0, left.ApproximateNumberOfMessages + left.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task IngestRespondApply_StoresTheFindingAndBlocksAndTagsInTheAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        using var ec2 = MotoTestAccount.Ec2(moto);
        var (_, subnet, created) = await MotoTestAccount.ArrangeAsync(ec2, withInstance: true, ct);
        var instance = created!;
        await MotoTestAccount.WriteSshFindingAsync(Path.Combine(_dir, "finding.json"), instance, ct);
        var env = MotoTestAccount.Variables(moto);
        env["SNIPER_STORE"] = "sqlite:kb.db";

        var run = await CliRun.Run(_dir, env, "ingest", "finding.json", "--respond", "--apply");
        var replay = await CliRun.Run(_dir, env, "ingest", "finding.json", "--respond", "--apply");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("enforce mode", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, replay.ExitCode);
        var acl = (await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { Filters = [new Filter("association.subnet-id", [subnet])] }, ct)).NetworkAcls.Single();
        Assert.Equal(2, acl.Entries.Count(e => e.RuleAction == RuleAction.Deny && e.CidrBlock == "45.95.147.236/32"));
        var tags = (await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = [new Filter("resource-id", [instance])] }, ct)).Tags ?? [];
        Assert.Contains(tags, t => t.Key == "cloudsniper:finding-type" && t.Value == "UnauthorizedAccess:EC2/SSHBruteForce");
        var blocks = await CliRun.Run(_dir, env, "blocks", "list", "--format", "csv");
        Assert.Equal(3, blocks.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("45.95.147.236/32", StringComparison.Ordinal)));
        var ioc = await CliRun.Run(_dir, env, "ioc", "show", "45.95.147.236");
        Assert.Equal(0, ioc.ExitCode);
    }

    [Fact]
    public async Task IngestRespond_WithoutApply_ChangesNothingInTheAccount()
    {
        var ct = TestContext.Current.CancellationToken;
        moto.EnsureRunning();
        await moto.ResetAsync(ct);
        using var ec2 = MotoTestAccount.Ec2(moto);
        var (_, subnet, _) = await MotoTestAccount.ArrangeAsync(ec2, withInstance: false, ct);
        var env = MotoTestAccount.Variables(moto);
        env["SNIPER_STORE"] = "sqlite:kb.db";

        var run = await CliRun.Run(_dir, env, "ingest", Path.Combine(RepoRoot.Find()!, "samples", "findings"), "--respond");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("plan mode", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", run.Error, StringComparison.Ordinal);
        var acl = (await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { Filters = [new Filter("association.subnet-id", [subnet])] }, ct)).NetworkAcls.Single();
        Assert.DoesNotContain(acl.Entries, e => e.RuleAction == RuleAction.Deny && e.RuleNumber < 32767);
    }
}
