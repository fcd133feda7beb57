using System.Text.Json;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class IamCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-iam-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sample(string name) => Path.Combine(RepoRoot.Find()!, "samples", "iam", name);

    private Task<CliRun> Sniper(params string[] args) => CliRun.Run(_dir, null, args);

    [Fact]
    public async Task Review_GivenTheSamplesAndAFixedClock_PrintsTheDocumentedJsonShape()
    {
        var run = await Sniper("iam", "review", "--credential-report", Sample("credential-report.csv"),
            "--authorization-details", Sample("authorization-details.json"), "--now", "2026-12-01T00:00:00Z", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var findings = JsonDocument.Parse(run.Out).RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(13, findings.Count);
        var unused = findings.Single(f => f.GetProperty("check").GetString() == "key-unused");
        Assert.Equal("carol", unused.GetProperty("user").GetString());
        Assert.Equal(2, unused.GetProperty("key").GetInt32());
        Assert.Equal("medium", unused.GetProperty("severity").GetString());
        Assert.Equal("1.12", unused.GetProperty("cis").GetString());
        Assert.Equal(45, unused.GetProperty("age").GetInt32());
        Assert.Equal(JsonValueKind.Null, unused.GetProperty("lastUsed").ValueKind);
        var noMfa = findings.Single(f => f.GetProperty("check").GetString() == "root-no-mfa");
        Assert.Equal(JsonValueKind.Null, noMfa.GetProperty("key").ValueKind);
        Assert.Contains("13 finding(s)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_GivenADayEarlier_FindsNoneOfThe45Or90DayEdges()
    {
        var run = await Sniper("iam", "review", "--credential-report", Sample("credential-report.csv"), "--now", "2026-11-30T00:00:00Z", "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("key-unused", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("password-unused", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("key-not-rotated", run.Out, StringComparison.Ordinal);
        Assert.Contains("critical,root-access-key,<root_account>,1,1.4,2829,root access key 1 is active", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_GivenABadRow_RejectsItByLineReviewsTheRestAndExitsThree()
    {
        var lines = File.ReadAllLines(Sample("credential-report.csv")).ToList();
        lines.Insert(2, "frank,arn:aws:iam::111122223333:user/frank,2026-01-01T00:00:00+00:00,false,N/A,N/A,N/A,maybe,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A");
        var path = Path.Combine(_dir, "report.csv");
        File.WriteAllLines(path, lines);

        var run = await Sniper("iam", "review", "--credential-report", path, "--now", "2026-12-01T00:00:00Z", "--format", "json");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"{path}:3: mfa_active: expected true or false, found 'maybe'", run.Error, StringComparison.Ordinal);
        Assert.Equal(9, JsonDocument.Parse(run.Out).RootElement.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task Review_GivenContradictoryOptionsOrABadClock_ExitsTwoSayingHowToFixIt()
    {
        var details = await Sniper("iam", "review", "--authorization-details", Sample("authorization-details.json"));
        var accounts = await Sniper("iam", "review", "--accounts", "111122223333");
        var clock = await Sniper("iam", "review", "--credential-report", Sample("credential-report.csv"), "--now", "tomorrow");

        Assert.Equal(2, details.ExitCode);
        Assert.Contains("--authorization-details goes with --credential-report", details.Error, StringComparison.Ordinal);
        Assert.Equal(2, accounts.ExitCode);
        Assert.Contains("--accounts needs --role", accounts.Error, StringComparison.Ordinal);
        Assert.Equal(2, clock.ExitCode);
        Assert.Contains("--now must be an ISO 8601 time", clock.Error, StringComparison.Ordinal);
    }
}
