using System.Collections.Immutable;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;
using CloudSniper.Store.Sqlite;

namespace CloudSniper.Store.Tests.Sqlite;

public sealed class SqliteResponseStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), "cs-response-" + Guid.NewGuid().ToString("N") + ".db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(f);
        }
    }

    private async Task<SqliteResponseStore> StoreAsync()
    {
        var store = new SqliteResponseStore(_path);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    private static BlockRecord Block(string address, string target, DateTimeOffset created, TimeSpan ttl, int offence = 1, bool? egress = null) => new()
    {
        Id = BlockRecord.IdFor(BlockKind.NetworkAcl, target, address, egress),
        Address = address,
        Kind = BlockKind.NetworkAcl,
        Target = target,
        AccountId = "123456789012",
        Region = "eu-west-1",
        RuleNumber = 3,
        Egress = egress,
        CreatedAt = created,
        ExpiresAt = created + ttl,
        Offence = offence,
        ActionId = "act-1",
    };

    [Fact]
    public async Task Plans_RoundTripWithActionsBlocksAndStatuses()
    {
        var store = await StoreAsync();
        var plan = new ResponsePlan
        {
            Id = "plan-1",
            CreatedAt = Now,
            Mode = ResponseMode.Enforce,
            FindingCount = 2,
            Actions =
            [
                new PlannedAction
                {
                    Id = "act-aaa", ActionKey = "waf-block", Phase = NistPhase.Containment, TargetKey = "waf-block|x", Status = ActionStatus.AwaitingApproval,
                    Parameters = ImmutableSortedDictionary<string, string>.Empty.Add("scope", "REGIONAL"),
                    Blocks = [new PlannedBlock("45.155.0.9/32", "f1", TimeSpan.FromHours(48), Now.AddHours(48), 2)],
                },
            ],
            Skipped = [new SkippedAction("f2", "default/x", "waf-block", "special-range", "10.0.0.1/32", "private")],
            Matches = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("f1", ["default/x"]),
        };
        await store.SavePlanAsync(plan, TestContext.Current.CancellationToken);

        var back = await store.GetPlanAsync("plan-1", TestContext.Current.CancellationToken);
        Assert.NotNull(back);
        var action = Assert.Single(back.Actions);
        Assert.Equal(ActionStatus.AwaitingApproval, action.Status);
        Assert.Equal(NistPhase.Containment, action.Phase);
        Assert.Equal("REGIONAL", action.Get("scope"));
        Assert.Equal(TimeSpan.FromHours(48), action.Blocks[0].Ttl);
        Assert.Equal("private", back.Skipped[0].Reason);
        Assert.Equal("plan-1", await store.FindPlanOfActionAsync("act-aaa", TestContext.Current.CancellationToken));
        Assert.Single(await store.ListPlansAsync(10, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ApprovalsAndActionRecords_AreKept()
    {
        var store = await StoreAsync();
        await store.RecordApprovalAsync(new Approval("plan-1", "act-aaa", "alice", Now), TestContext.Current.CancellationToken);
        Assert.Equal("alice", Assert.Single(await store.ListApprovalsAsync("plan-1", TestContext.Current.CancellationToken)).Approver);

        var record = new ActionRecord { Id = "act-aaa", PlanId = "plan-1", ActionKey = "isolate", TargetKey = "isolate|i-1", Status = ActionStatus.Executed, StartedAt = Now, Duration = TimeSpan.FromMilliseconds(120), Undo = "{\"x\":1}" };
        await store.SaveActionRecordAsync(record, TestContext.Current.CancellationToken);
        await store.SaveActionRecordAsync(record with { UndoneAt = Now.AddHours(1), Status = ActionStatus.Undone }, TestContext.Current.CancellationToken);
        var back = await store.GetActionRecordAsync("act-aaa", TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Undone, back!.Status);
        Assert.Equal("{\"x\":1}", back.Undo);
        Assert.Null(await store.GetActionRecordAsync("act-none", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UpsertBlocks_KeepsCreationExtendsExpiry_AndReopensRemovedBlocks()
    {
        var store = await StoreAsync();
        var first = Block("45.155.0.9/32", "acl-1", Now, TimeSpan.FromHours(24), egress: false);
        await store.UpsertBlocksAsync([first], TestContext.Current.CancellationToken);
        await store.UpsertBlocksAsync([Block("45.155.0.9/32", "acl-1", Now.AddHours(2), TimeSpan.FromHours(24), egress: false)], TestContext.Current.CancellationToken);
        var row = Assert.Single(await store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken));
        Assert.Equal(Now, row.CreatedAt);
        Assert.Equal(Now.AddHours(26), row.ExpiresAt);
        Assert.False(row.Egress);

        await store.MarkBlocksRemovedAsync([first.Id], Now.AddHours(30), "expired", TestContext.Current.CancellationToken);
        Assert.Empty(await store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken));
        Assert.Equal("expired", (await store.ListBlocksAsync(new BlockQuery(IncludeRemoved: true), TestContext.Current.CancellationToken)).Single().RemovedReason);

        await store.UpsertBlocksAsync([Block("45.155.0.9/32", "acl-1", Now.AddHours(40), TimeSpan.FromHours(48), offence: 2, egress: false)], TestContext.Current.CancellationToken);
        var reopened = Assert.Single(await store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken));
        Assert.Equal(2, reopened.Offence);
        Assert.Null(reopened.RemovedAt);
    }

    [Fact]
    public async Task ListBlocks_FiltersByAddressKindTargetAndExpiry()
    {
        var store = await StoreAsync();
        await store.UpsertBlocksAsync(
            [Block("45.155.0.1/32", "acl-1", Now.AddDays(-2), TimeSpan.FromDays(1)), Block("45.155.0.2/32", "acl-1", Now, TimeSpan.FromDays(1)), Block("45.155.0.1/32", "acl-2", Now, TimeSpan.FromDays(1))],
            TestContext.Current.CancellationToken);
        Assert.Equal(2, (await store.ListBlocksAsync(new BlockQuery(Address: "45.155.0.1/32"), TestContext.Current.CancellationToken)).Count);
        Assert.Equal(2, (await store.ListBlocksAsync(new BlockQuery(Target: "acl-1"), TestContext.Current.CancellationToken)).Count);
        Assert.Empty(await store.ListBlocksAsync(new BlockQuery(Kind: BlockKind.Waf), TestContext.Current.CancellationToken));
        var expired = Assert.Single(await store.ListBlocksAsync(new BlockQuery(ExpiredBefore: Now), TestContext.Current.CancellationToken));
        Assert.Equal("acl-1", expired.Target);
    }

    [Fact]
    public async Task BlockHistory_CountsOffencesAndTheLastHour()
    {
        var store = await StoreAsync();
        var old = Block("45.155.0.1/32", "acl-1", Now.AddDays(-3), TimeSpan.FromDays(1), offence: 2);
        await store.UpsertBlocksAsync([old, Block("45.155.0.2/32", "acl-1", Now.AddMinutes(-10), TimeSpan.FromDays(1)), Block("45.155.0.3/32", "acl-1", Now.AddMinutes(-20), TimeSpan.FromDays(1))], TestContext.Current.CancellationToken);
        await store.MarkBlocksRemovedAsync([old.Id], Now.AddDays(-2), "expired", TestContext.Current.CancellationToken);

        var history = await store.GetBlockHistoryAsync(["45.155.0.1/32", "45.155.0.2/32", "45.155.0.9/32"], Now, TestContext.Current.CancellationToken);
        Assert.Equal(2, history.BlocksLastHour);
        Assert.Equal(new AddressHistory(2, null), history.Get("45.155.0.1/32"));
        Assert.Equal(0, history.Get("45.155.0.2/32").PriorBlocks);
        Assert.Equal(Now.AddMinutes(-10).AddDays(1), history.Get("45.155.0.2/32").ActiveUntil);
        Assert.Equal(default, history.Get("45.155.0.9/32"));
    }

    [Fact]
    public async Task Audit_AppendsAndFilters()
    {
        var store = await StoreAsync();
        await store.AppendAuditAsync(new AuditEntry("aud-1", Now, "cloudsniper:response", "response.planned", "waf|x", "planned", "f1", "{}"), TestContext.Current.CancellationToken);
        await store.AppendAuditAsync(new AuditEntry("aud-2", Now.AddMinutes(1), "cloudsniper:response", "response.skipped", "10.0.0.1/32", "skipped", "f2", "{\"guard\":\"special-range\"}"), TestContext.Current.CancellationToken);
        Assert.Equal(2, (await store.ListAuditAsync(new AuditQuery(), TestContext.Current.CancellationToken)).Count);
        Assert.Equal("aud-2", Assert.Single(await store.ListAuditAsync(new AuditQuery(FindingId: "f2"), TestContext.Current.CancellationToken)).Id);
        Assert.Equal("aud-2", Assert.Single(await store.ListAuditAsync(new AuditQuery(Since: Now.AddSeconds(30)), TestContext.Current.CancellationToken)).Id);
    }
}
