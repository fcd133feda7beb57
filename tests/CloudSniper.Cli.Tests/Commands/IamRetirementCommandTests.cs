using System.Text.Json;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

/// <summary><c>sniper iam review --respond</c> and <c>sniper iam playbook</c>, offline on the samples.</summary>
public sealed class IamRetirementCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-iam-retire-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sample(string name) => Path.Combine(RepoRoot.Find()!, "samples", "iam", name);

    private Task<CliRun> Sniper(params string[] args) => CliRun.Run(_dir, null, ["--store", "sqlite:" + Path.Combine(_dir, "kb.db"), .. args]);

    [Fact]
    public async Task Respond_GivenTheSample_StoresADryRunPlanOfNotificationsOnly()
    {
        var run = await Sniper("iam", "review", "--credential-report", Sample("credential-report.csv"), "--now", "2026-12-01T00:00:00Z", "--respond", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(9, root.GetProperty("findings").GetArrayLength());
        var plan = root.GetProperty("retirement").GetProperty("plan");
        Assert.Equal("plan", plan.GetProperty("mode").GetString());
        var actions = plan.GetProperty("actions").EnumerateArray().ToList();
        // One notice per user with findings (root, bob, carol, erin); nothing can be retired before anyone was notified.
        Assert.Equal(4, actions.Count);
        Assert.All(actions, a => Assert.Equal("iam-notify-owner", a.GetProperty("actionKey").GetString()));
        Assert.Contains("nothing was changed and no grace period started", run.Error, StringComparison.Ordinal);

        var list = await Sniper("plans", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(plan.GetProperty("id").GetString()!, list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Respond_GivenAnUnknownMode_IsAUsageError()
    {
        var run = await Sniper("iam", "review", "--credential-report", Sample("credential-report.csv"), "--mode", "later");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--mode must be observe, plan or enforce", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaybookValidate_GivenARootRetirement_RejectsItWithTheLine()
    {
        var path = Path.Combine(_dir, "bad.yaml");
        await File.WriteAllTextAsync(path, "name: bad\nchecks:\n  root-access-key: retire\n", TestContext.Current.CancellationToken);

        var run = await Sniper("iam", "playbook", "validate", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{path}:3:", run.Error, StringComparison.Ordinal);
        Assert.Contains("root credentials are never retired", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaybookShow_PrintsABuiltInPlaybookThatValidates()
    {
        var show = await Sniper("iam", "playbook", "show");
        var path = Path.Combine(_dir, "builtin.yaml");
        await File.WriteAllTextAsync(path, show.Out, TestContext.Current.CancellationToken);

        var run = await Sniper("iam", "playbook", "validate", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("valid (iam-retirement)", run.Out, StringComparison.Ordinal);
    }
}
