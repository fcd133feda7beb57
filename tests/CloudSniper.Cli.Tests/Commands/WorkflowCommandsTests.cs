using System.Text.Json;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Playbooks;
using CloudSniper.Core.Response.Store;
using CloudSniper.Store.Sqlite;
using CloudSniper.Testing;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class WorkflowCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-workflow-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string Db => Path.Combine(_dir, ".sniper-home", "sniper.db");

    private static string Sample(string name) => Path.Combine(RepoRoot.Find() ?? throw new InvalidOperationException("repository root not found"), "samples", "findings", name);

    private async Task<SqliteResponseStore> StoreAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        var store = new SqliteResponseStore(Db);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    private static BlockRecord Block(string address, string target, DateTimeOffset created, DateTimeOffset expires) => new()
    {
        Id = BlockRecord.IdFor("waf", target, address),
        Address = address,
        Kind = "waf",
        Target = target,
        AccountId = "123456789012",
        Region = "eu-west-1",
        CreatedAt = created,
        ExpiresAt = expires,
    };

    [Fact]
    public async Task PlansList_AfterRespond_ListsThePlanAsPendingWithItsActionsAndFinding()
    {
        var respond = await CliRun.Run(_dir, null, "respond", Sample("guardduty-eventbridge-ssh-bruteforce.json"), "--offline", "--format", "json");
        var planId = JsonDocument.Parse(respond.Out).RootElement.GetProperty("plan").GetProperty("id").GetString();

        var list = await CliRun.Run(_dir, null, "plans", "list", "--format", "json");

        Assert.Equal(0, list.ExitCode);
        var row = Assert.Single(JsonDocument.Parse(list.Out).RootElement.EnumerateArray());
        Assert.Equal(planId, row.GetProperty("id").GetString());
        Assert.Equal("pending", row.GetProperty("state").GetString());
        Assert.Equal(3, row.GetProperty("actions").GetInt32());
        Assert.Single(row.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task PlansShow_GivenAnUndoneActionRecord_ShowsTheActionAsUndone()
    {
        var respond = await CliRun.Run(_dir, null, "respond", Sample("guardduty-eventbridge-ssh-bruteforce.json"), "--offline", "--format", "json");
        var plan = JsonDocument.Parse(respond.Out).RootElement.GetProperty("plan");
        var planId = plan.GetProperty("id").GetString()!;
        var tag = plan.GetProperty("actions").EnumerateArray().Single(a => a.GetProperty("actionKey").GetString() == "tag");
        await using (var store = await StoreAsync())
        {
            await store.SaveActionRecordAsync(
                new ActionRecord
                {
                    Id = tag.GetProperty("id").GetString()!,
                    PlanId = planId,
                    ActionKey = "tag",
                    TargetKey = tag.GetProperty("targetKey").GetString()!,
                    Status = ActionStatus.Undone,
                    StartedAt = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
                    UndoneAt = new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.Zero),
                },
                TestContext.Current.CancellationToken);
        }

        var show = await CliRun.Run(_dir, null, "plans", "show", planId, "--format", "json");

        Assert.Equal(0, show.ExitCode);
        var statuses = JsonDocument.Parse(show.Out).RootElement.GetProperty("plan").GetProperty("actions").EnumerateArray()
            .ToDictionary(a => a.GetProperty("actionKey").GetString()!, a => a.GetProperty("status").GetString());
        Assert.Equal("undone", statuses["tag"]);
        Assert.Equal("planned", statuses["waf-block"]);
    }

    [Fact]
    public async Task PlansShow_GivenUnknownId_ExitsTwoAndPointsAtPlansList()
    {
        var show = await CliRun.Run(_dir, null, "plans", "show", "plan-20260101T000000-000000");

        Assert.Equal(2, show.ExitCode);
        Assert.Contains("sniper plans list", show.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlocksExpireDryRun_PrintsOnlyTheExpiredBlocksAndRemovesNothing()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var store = await StoreAsync())
        {
            await store.UpsertBlocksAsync([Block("45.95.147.236/32", "sniper-blocklist", now.AddDays(-2), now.AddDays(-1)), Block("185.220.101.7/32", "sniper-blocklist", now, now.AddDays(1))], TestContext.Current.CancellationToken);
        }

        var run = await CliRun.Run(_dir, null, "blocks", "expire", "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("would remove 45.95.147.236/32 from waf sniper-blocklist", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("185.220.101.7", run.Out, StringComparison.Ordinal);
        await using (var store = await StoreAsync())
        {
            Assert.Equal(2, (await store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken)).Count);
        }
    }

    [Fact]
    public async Task UnblockDryRun_PrintsTheBlocksOfTheAddressAndRemovesNothing()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var store = await StoreAsync())
        {
            await store.UpsertBlocksAsync([Block("45.95.147.236/32", "sniper-blocklist", now, now.AddDays(1)), Block("185.220.101.7/32", "sniper-blocklist", now, now.AddDays(1))], TestContext.Current.CancellationToken);
        }

        var run = await CliRun.Run(_dir, null, "unblock", "45.95.147.236", "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("would remove 45.95.147.236/32 from waf sniper-blocklist", run.Out.Split(" (", 2)[0]);
        await using (var store = await StoreAsync())
        {
            Assert.Equal(2, (await store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken)).Count);
        }
    }

    [Fact]
    public async Task PlaybooksShowBuiltin_PrintsYamlThatLoadsBackAndValidates()
    {
        var run = await CliRun.Run(_dir, null, "playbooks", "show", "--builtin");

        Assert.Equal(0, run.ExitCode);
        var loaded = new PlaybookLoader(ActionRegistry.Default).Load(run.Out, "stdout");
        Assert.True(loaded.IsValid, string.Join("; ", loaded.Errors));
        Assert.Contains(loaded.Playbook!.Rules, r => r.Name == "inbound-brute-force-and-probes");
    }
}
