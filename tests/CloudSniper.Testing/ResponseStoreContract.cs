using System.Collections.Immutable;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Testing;

/// <summary>
/// The behaviour every response store must have (in memory, SQLite, DynamoDB): plans, approvals, action records,
/// block upserts and history, and the audit log. Derive and implement <see cref="OpenAsync"/>.
/// </summary>
public abstract class ResponseStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Opens an empty, initialised store.</summary>
    protected abstract Task<IResponseStore> OpenAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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
        await using var store = await OpenAsync();
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
        await store.SavePlanAsync(plan, Ct);
        await store.SavePlanAsync(plan with { Id = "plan-0", CreatedAt = Now.AddHours(-1), Actions = [] }, Ct);

        var back = await store.GetPlanAsync("plan-1", Ct);
        Assert.NotNull(back);
        var action = Assert.Single(back.Actions);
        Assert.Equal(ActionStatus.AwaitingApproval, action.Status);
        Assert.Equal(NistPhase.Containment, action.Phase);
        Assert.Equal("REGIONAL", action.Get("scope"));
        Assert.Equal(TimeSpan.FromHours(48), action.Blocks[0].Ttl);
        Assert.Equal("private", back.Skipped[0].Reason);
        Assert.Equal("plan-1", await store.FindPlanOfActionAsync("act-aaa", Ct));
        Assert.Null(await store.FindPlanOfActionAsync("act-zzz", Ct));
        Assert.Null(await store.GetPlanAsync("plan-9", Ct));
        Assert.Equal(["plan-1", "plan-0"], (await store.ListPlansAsync(10, Ct)).Select(p => p.Id));
    }

    [Fact]
    public async Task ApprovalsAndActionRecords_AreKept()
    {
        await using var store = await OpenAsync();
        await store.RecordApprovalAsync(new Approval("plan-1", "act-aaa", "alice", Now), Ct);
        await store.RecordApprovalAsync(new Approval("plan-2", "act-bbb", "bob", Now), Ct);
        Assert.Equal("alice", Assert.Single(await store.ListApprovalsAsync("plan-1", Ct)).Approver);

        var record = new ActionRecord { Id = "act-aaa", PlanId = "plan-1", ActionKey = "isolate", TargetKey = "isolate|i-1", Status = ActionStatus.Executed, StartedAt = Now, Duration = TimeSpan.FromMilliseconds(120), Undo = "{\"x\":1}" };
        await store.SaveActionRecordAsync(record, Ct);
        await store.SaveActionRecordAsync(record with { UndoneAt = Now.AddHours(1), Status = ActionStatus.Undone }, Ct);
        var back = await store.GetActionRecordAsync("act-aaa", Ct);
        Assert.Equal(ActionStatus.Undone, back!.Status);
        Assert.Equal("{\"x\":1}", back.Undo);
        Assert.Null(await store.GetActionRecordAsync("act-none", Ct));
    }

    [Fact]
    public async Task UpsertBlocks_KeepsCreationExtendsExpiry_AndReopensRemovedBlocks()
    {
        await using var store = await OpenAsync();
        var first = Block("45.155.0.9/32", "acl-1", Now, TimeSpan.FromHours(24), egress: false);
        await store.UpsertBlocksAsync([first], Ct);
        await store.UpsertBlocksAsync([Block("45.155.0.9/32", "acl-1", Now.AddHours(2), TimeSpan.FromHours(24), egress: false)], Ct);
        var row = Assert.Single(await store.ListBlocksAsync(new BlockQuery(), Ct));
        Assert.Equal(Now, row.CreatedAt);
        Assert.Equal(Now.AddHours(26), row.ExpiresAt);
        Assert.False(row.Egress);
        Assert.Equal(3, row.RuleNumber);

        await store.MarkBlocksRemovedAsync([first.Id], Now.AddHours(30), "expired", Ct);
        await store.MarkBlocksRemovedAsync([first.Id], Now.AddHours(31), "again", Ct);
        Assert.Empty(await store.ListBlocksAsync(new BlockQuery(), Ct));
        var removed = Assert.Single(await store.ListBlocksAsync(new BlockQuery(IncludeRemoved: true), Ct));
        Assert.Equal(("expired", Now.AddHours(30)), (removed.RemovedReason, removed.RemovedAt));

        await store.UpsertBlocksAsync([Block("45.155.0.9/32", "acl-1", Now.AddHours(40), TimeSpan.FromHours(48), offence: 2, egress: false)], Ct);
        var reopened = Assert.Single(await store.ListBlocksAsync(new BlockQuery(), Ct));
        Assert.Equal(2, reopened.Offence);
        Assert.Null(reopened.RemovedAt);
        Assert.Equal(Now.AddHours(40), reopened.CreatedAt);
    }

    [Fact]
    public async Task ListBlocks_FiltersByAddressKindTargetAndExpiry()
    {
        await using var store = await OpenAsync();
        await store.UpsertBlocksAsync(
            [Block("45.155.0.1/32", "acl-1", Now.AddDays(-2), TimeSpan.FromDays(1)), Block("45.155.0.2/32", "acl-1", Now, TimeSpan.FromDays(1)), Block("45.155.0.1/32", "acl-2", Now, TimeSpan.FromDays(1))],
            Ct);
        Assert.Equal(2, (await store.ListBlocksAsync(new BlockQuery(Address: "45.155.0.1/32"), Ct)).Count);
        Assert.Equal(2, (await store.ListBlocksAsync(new BlockQuery(Target: "acl-1"), Ct)).Count);
        Assert.Empty(await store.ListBlocksAsync(new BlockQuery(Kind: BlockKind.Waf), Ct));
        var expired = Assert.Single(await store.ListBlocksAsync(new BlockQuery(ExpiredBefore: Now), Ct));
        Assert.Equal("acl-1", expired.Target);
        Assert.Equal(Now.AddDays(-2), (await store.ListBlocksAsync(new BlockQuery(), Ct))[0].CreatedAt);
    }

    [Fact]
    public async Task BlockHistory_CountsOffencesAndTheLastHour()
    {
        await using var store = await OpenAsync();
        var old = Block("45.155.0.1/32", "acl-1", Now.AddDays(-3), TimeSpan.FromDays(1), offence: 2);
        await store.UpsertBlocksAsync([old, Block("45.155.0.2/32", "acl-1", Now.AddMinutes(-10), TimeSpan.FromDays(1)), Block("45.155.0.3/32", "acl-1", Now.AddMinutes(-20), TimeSpan.FromDays(1))], Ct);
        await store.MarkBlocksRemovedAsync([old.Id], Now.AddDays(-2), "expired", Ct);

        var history = await store.GetBlockHistoryAsync(["45.155.0.1/32", "45.155.0.2/32", "45.155.0.9/32"], Now, Ct);
        Assert.Equal(2, history.BlocksLastHour);
        Assert.Equal(new AddressHistory(2, null), history.Get("45.155.0.1/32"));
        Assert.Equal(0, history.Get("45.155.0.2/32").PriorBlocks);
        Assert.Equal(Now.AddMinutes(-10).AddDays(1), history.Get("45.155.0.2/32").ActiveUntil);
        Assert.Equal(default, history.Get("45.155.0.9/32"));
    }

    [Fact]
    public async Task Audit_AppendsAndFilters()
    {
        await using var store = await OpenAsync();
        await store.AppendAuditAsync(new AuditEntry("aud-1", Now, "cloudsniper:response", "response.planned", "waf|x", "planned", "f1", "{}"), Ct);
        await store.AppendAuditAsync(new AuditEntry("aud-2", Now.AddMinutes(1), "cloudsniper:response", "response.skipped", "10.0.0.1/32", "skipped", "f2", "{\"guard\":\"special-range\"}"), Ct);
        Assert.Equal(["aud-1", "aud-2"], (await store.ListAuditAsync(new AuditQuery(), Ct)).Select(a => a.Id));
        Assert.Equal("aud-2", Assert.Single(await store.ListAuditAsync(new AuditQuery(FindingId: "f2"), Ct)).Id);
        Assert.Equal("aud-2", Assert.Single(await store.ListAuditAsync(new AuditQuery(Since: Now.AddSeconds(30)), Ct)).Id);
        Assert.Equal("aud-1", Assert.Single(await store.ListAuditAsync(new AuditQuery(Subject: "waf|x"), Ct)).Id);
    }
}
