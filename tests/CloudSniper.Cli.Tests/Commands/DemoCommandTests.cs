namespace CloudSniper.Cli.Tests.Commands;

public sealed class DemoCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-demo-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Demo_OnTheBundledSamples_ShowsFindingsIndicatorsAndIncidentsAndLeavesNoStoreBehind()
    {
        var run = await CliRun.Run(_dir, null, "demo");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Findings by type", run.Out, StringComparison.Ordinal);
        Assert.Contains("UnauthorizedAccess:EC2/SSHBruteForce", run.Out, StringComparison.Ordinal);
        Assert.Contains("Indicators of compromise", run.Out, StringComparison.Ordinal);
        Assert.Contains("Incidents", run.Out, StringComparison.Ordinal);
        Assert.Contains("Plan plan-demo (plan)", run.Out, StringComparison.Ordinal);
        Assert.Contains("waf-block", run.Out, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", run.Out, StringComparison.Ordinal);
        Assert.Contains("185.1.131.182", run.Out, StringComparison.Ordinal);
        Assert.Contains("Top risks", run.Out, StringComparison.Ordinal);
        Assert.Contains("a DNS tunnel in the sample Route 53 Resolver query logs", run.Out, StringComparison.Ordinal);
        Assert.Contains("data-sync.example", run.Out, StringComparison.Ordinal);
        Assert.Contains("sniper iam review", run.Out, StringComparison.Ordinal);
        Assert.Contains("role-trust-external-no-external-id", run.Out, StringComparison.Ordinal);
        Assert.Contains("sniper serve, then sign in to the dashboard", run.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "sniper-demo-report", "runbook-report.html")));
        Assert.False(Directory.Exists(Path.Combine(_dir, ".sniper-home")), "the demo must not touch the user's own store");
    }

    [Fact]
    public async Task Demo_GivenMarkdown_PrintsPipeTables()
    {
        var run = await CliRun.Run(_dir, null, "demo", "--format", "md");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("| Finding type | Findings |", run.Out, StringComparison.Ordinal);
    }
}
