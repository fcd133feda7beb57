using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Hosting;

/// <summary><c>-q</c> silences every verb's summary on stderr and leaves the asked-for output alone.</summary>
public sealed class QuietTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-quiet-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Sample(string folder, string name) =>
        Path.Combine(RepoRoot.Find() ?? throw new InvalidOperationException("repository root not found"), "samples", folder, name);

    [Fact]
    public async Task Ingest_Quiet_PrintsNeitherTheTotalsTableNorAnythingOnStderr()
    {
        var loud = await CliRun.Run(_dir, null, "ingest", Sample("findings", "guardduty-getfindings-sdk.json"));
        var quiet = await CliRun.Run(_dir, null, "ingest", Sample("findings", "guardduty-getfindings-sdk.json"), "-q");

        Assert.Contains("findings read", loud.Out, StringComparison.Ordinal);
        Assert.Equal(0, quiet.ExitCode);
        Assert.Equal("", quiet.Out);
        Assert.Equal("", quiet.Error);
    }

    [Fact]
    public async Task IngestJson_Quiet_StillWritesTheJsonThatWasAskedFor()
    {
        var run = await CliRun.Run(_dir, null, "ingest", Sample("findings", "guardduty-getfindings-sdk.json"), "-q", "-f", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"records\"", run.Out, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task IngestRespond_Quiet_PrintsThePlanButNotTheResponseSummaryOrApplyHints()
    {
        var loud = await CliRun.Run(_dir, null, "ingest", Sample("findings", "guardduty-eventbridge-ssh-bruteforce.json"), "--respond", "-f", "json");
        var quiet = await CliRun.Run(_dir, null, "ingest", Sample("findings", "guardduty-eventbridge-ssh-bruteforce.json"), "--respond", "-f", "json", "--quiet");

        Assert.Contains("sniper: response (plan mode)", loud.Error, StringComparison.Ordinal);
        Assert.Contains("\"plans\"", quiet.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("sniper:", quiet.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RespondOffline_Quiet_PrintsThePlanAndNoSummary()
    {
        var loud = await CliRun.Run(_dir, null, "respond", Sample("findings", "guardduty-eventbridge-ssh-bruteforce.json"), "--offline");
        var quiet = await CliRun.Run(_dir, null, "-q", "respond", Sample("findings", "guardduty-eventbridge-ssh-bruteforce.json"), "--offline");

        Assert.Contains("Apply it with: sniper approve", loud.Error, StringComparison.Ordinal);
        Assert.Equal(0, quiet.ExitCode);
        Assert.Contains("45.95.147.236", quiet.Out, StringComparison.Ordinal);

        // Only the safety notice that the guard checks a subset of AWS's ranges is left: -q hides summaries, not notices.
        Assert.Equal(["note: the AWS-ranges guard uses the bundled ip-ranges snapshot"], quiet.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..62]));
    }

    [Fact]
    public async Task IocExportToFile_Quiet_DoesNotSayWhereItWrote()
    {
        await CliRun.Run(_dir, null, "ingest", Sample("findings", "guardduty-eventbridge-ssh-bruteforce.json"), "-q");
        var file = Path.Combine(_dir, "iocs.txt");

        var loud = await CliRun.Run(_dir, null, "ioc", "export", "--format", "txt", "--include-expired", "-o", file);
        var quiet = await CliRun.Run(_dir, null, "ioc", "export", "--format", "txt", "--include-expired", "-o", file, "-q");

        Assert.Contains("wrote ", loud.Error, StringComparison.Ordinal);
        Assert.Equal("", quiet.Error);
        Assert.Contains("45.95.147.236", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IamReview_Quiet_PrintsTheFindingsButNotThePrincipalCount()
    {
        var loud = await CliRun.Run(_dir, null, "iam", "review", "--credential-report", Sample("iam", "credential-report.csv"), "--now", "2026-11-30T00:00:00Z");
        var quiet = await CliRun.Run(_dir, null, "iam", "review", "--credential-report", Sample("iam", "credential-report.csv"), "--now", "2026-11-30T00:00:00Z", "-q");

        Assert.Contains("principal(s) reviewed", loud.Error, StringComparison.Ordinal);
        Assert.Contains("root-access-key", quiet.Out, StringComparison.Ordinal);
        Assert.Equal("", quiet.Error);
    }
}
