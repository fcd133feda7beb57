using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Hosting;

/// <summary>Verbs that act in AWS say in one line how to give them credentials, instead of failing in every action.</summary>
public sealed class NoCredentialsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-nocreds-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Finding => Path.Combine(RepoRoot.Find()!, "samples", "findings", "guardduty-eventbridge-ssh-bruteforce.json");

    /// <summary>The SDK's default chain also reads the real process environment and ~/.aws: skip where those hold credentials.</summary>
    private static void SkipWhereTheMachineHasCredentials()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.SkipWhen(
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_PROFILE"))
            || File.Exists(Path.Combine(home, ".aws", "credentials")) || File.Exists(Path.Combine(home, ".aws", "config")),
            "this machine has AWS credentials of its own");
    }

    [Fact]
    public async Task Respond_WithoutCredentials_PrintsOneLineNamingTheFix_ExitsFour_AndStoresNoPlan()
    {
        SkipWhereTheMachineHasCredentials();
        var run = await CliRun.Run(_dir, null, "respond", Finding, "--quiet");

        Assert.Equal(4, run.ExitCode);
        var errors = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("note:", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(errors);
        Assert.StartsWith("sniper: no AWS credentials found: set AWS_PROFILE", line, StringComparison.Ordinal);
        Assert.Contains("--offline", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception 1 of", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
        Assert.DoesNotContain("plan-", (await CliRun.Run(_dir, null, "plans", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_WithoutCredentials_PrintsOneLine_AndAnUnknownPlanIsStillAUsageError()
    {
        SkipWhereTheMachineHasCredentials();
        var planned = await CliRun.Run(_dir, null, "respond", Finding, "--offline", "--format", "json");
        Assert.Equal(0, planned.ExitCode);
        var planId = System.Text.Json.JsonDocument.Parse(planned.Out).RootElement.GetProperty("plan").GetProperty("id").GetString()!;

        var approve = await CliRun.Run(_dir, null, "approve", planId);
        Assert.Equal(4, approve.ExitCode);
        var line = Assert.Single(approve.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sniper: no AWS credentials found", line, StringComparison.Ordinal);
        Assert.Contains("sniper plans show", line, StringComparison.Ordinal);
        var plans = System.Text.Json.JsonDocument.Parse((await CliRun.Run(_dir, null, "plans", "list", "--format", "json")).Out).RootElement;
        Assert.Equal("pending", Assert.Single(plans.EnumerateArray()).GetProperty("state").GetString());

        var unknown = await CliRun.Run(_dir, null, "approve", "plan-does-not-exist");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no plan 'plan-does-not-exist' in the response store", unknown.Error, StringComparison.Ordinal);
    }
}
