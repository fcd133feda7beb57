using System.Text.Json;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class IngestRespondDryRunTests : IDisposable
{
    // The bundled sample: an SSH brute force on i-0f3a9c2e7b1d45a86 from 45.95.147.236, blocked as a /32 (WAF IP sets hold CIDR blocks).
    private const string Sample = "guardduty-eventbridge-ssh-bruteforce.json";

    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-ingest-respond-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static string SamplePath() => Path.Combine(RepoRoot.Find() ?? throw new InvalidOperationException("repository root not found"), "samples", "findings", Sample);

    [Fact]
    public async Task IngestRespond_WithoutApply_PrintsEveryPlannedActionAndHowToApplyIt()
    {
        var run = await CliRun.Run(_dir, null, "ingest", SamplePath(), "--respond");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("waf-block", run.Out, StringComparison.Ordinal);
        Assert.Contains("nacl-block", run.Out, StringComparison.Ordinal);
        Assert.Contains("act-", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"sniper approve plan-\d{8}T\d{6}-[0-9a-f]{6}", run.Error);
        Assert.Contains("--apply", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestRespond_WithJsonOutput_CarriesThePlansWithTargetsAndAttackerAddress()
    {
        var run = await CliRun.Run(_dir, null, "ingest", SamplePath(), "--respond", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var plan = Assert.Single(doc.RootElement.GetProperty("plans").EnumerateArray()).GetProperty("plan");
        var actions = plan.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(["tag", "waf-block", "nacl-block"], actions.Select(a => a.GetProperty("actionKey").GetString()));
        var waf = actions.Single(a => a.GetProperty("actionKey").GetString() == "waf-block");
        Assert.False(string.IsNullOrEmpty(waf.GetProperty("targetKey").GetString()));
        Assert.Equal(["45.95.147.236/32"], waf.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("address").GetString()));
    }
}
