using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class IngestHintsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-ingest-hints-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Ingest_GivenACloudTrailLogFile_HintsAtRunbookCloudTrail()
    {
        // A CloudTrail log file as CloudTrail writes it to S3: {"Records":[...]}.
        await File.WriteAllTextAsync(Path.Combine(_dir, "trail.json"), """{"Records":[{"eventVersion":"1.08","eventSource":"iam.amazonaws.com","eventName":"CreateUser","eventTime":"2026-11-20T10:00:00Z","awsRegion":"us-east-1","eventID":"e1"}]}""", TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "ingest", "trail.json");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("sniper: hint: trail.json looks like CloudTrail: read it with sniper runbook --cloudtrail trail.json", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_GivenAFlowLogFile_HintsAtBeacons()
    {
        var sample = Path.Combine(RepoRoot.Find() ?? throw new InvalidOperationException("repository root not found"), "samples", "flowlogs", "vpc-flow-logs-sample.log.gz");

        var run = await CliRun.Run(_dir, null, "ingest", sample);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("looks like a VPC flow log: read it with sniper beacons", run.Error, StringComparison.Ordinal);
    }
}
