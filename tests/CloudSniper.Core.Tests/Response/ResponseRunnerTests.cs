using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Playbooks;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Core.Tests.Response;

public class ResponseRunnerTests
{
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryResponseStore _store = new();
    private readonly FakeExecutor _waf = new("waf-block", blockKind: "waf");
    private readonly FakeExecutor _nacl = new("nacl-block", _ => throw new ActionFailedException("not authorized to perform ec2:CreateNetworkAclEntry", "UnauthorizedOperation", "ec2:CreateNetworkAclEntry"));
    private readonly FakeExecutor _tag = new("tag");
    private int _plans;

    private ResponseRunner Runner(ResponseOptions? options = null, IOwnAddressSource? own = null)
    {
        options ??= new ResponseOptions();
        var engine = new ResponseEngine([DefaultPlaybook.Load(ActionRegistry.Default)], ActionRegistry.Default, new ResponseGuards(AwsIpRanges.Empty, []), options);
        return new ResponseRunner(engine, _store, [_waf, _nacl, _tag], own, _time, newPlanId: _ => "plan-" + ++_plans);
    }

    [Fact]
    public async Task RunAsync_InEnforceMode_ExecutesEveryActionAndAFailureDoesNotStopTheRest()
    {
        var result = await Runner().RunAsync([Findings.PortProbe("f1", "45.155.0.9"), Findings.PortProbe("f2", "45.155.0.9", "45.155.0.10")], ResponseMode.Enforce, TestContext.Current.CancellationToken);

        Assert.Single(_waf.Executed);
        Assert.Equal(2, _waf.Executed[0].Blocks.Length);
        Assert.Single(_tag.Executed);
        var failed = result.Plan.Actions.Single(a => a.ActionKey == "nacl-block");
        Assert.Equal(ActionStatus.Failed, failed.Status);
        Assert.True(result.AnyAwsFailure);
        Assert.Equal(2, result.Executed);

        var record = await _store.GetActionRecordAsync(failed.Id, TestContext.Current.CancellationToken);
        Assert.Equal("UnauthorizedOperation", record!.ErrorCode);
        var audit = await _store.ListAuditAsync(new AuditQuery(), TestContext.Current.CancellationToken);
        var failure = Assert.Single(audit, a => a.Action == "response.failed");
        Assert.Contains("\"missingPermission\":\"ec2:CreateNetworkAclEntry\"", failure.Details, StringComparison.Ordinal);
        Assert.Equal(3, audit.Count(a => a.Action == "response.planned"));
        Assert.Equal(2, audit.Count(a => a.Action == "response.executed"));
        Assert.Contains("\"durationMs\"", audit.First(a => a.Action == "response.executed").Details, StringComparison.Ordinal);
        var stored = await _store.GetPlanAsync(result.Plan.Id, TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, stored!.Actions.Single(a => a.ActionKey == "waf-block").Status);
    }

    [Fact]
    public async Task RunAsync_InPlanMode_StoresThePlanAndExecutesNothing()
    {
        var result = await Runner().RunAsync([Findings.PortProbe("f1", "45.155.0.9", "10.1.1.1")], ResponseMode.Plan, TestContext.Current.CancellationToken);
        Assert.Empty(_waf.Executed);
        Assert.NotNull(await _store.GetPlanAsync(result.Plan.Id, TestContext.Current.CancellationToken));
        var audit = await _store.ListAuditAsync(new AuditQuery(), TestContext.Current.CancellationToken);
        var skipped = audit.Where(a => a.Action == "response.skipped").ToList();
        Assert.Contains(skipped, s => s.Subject == "10.1.1.1/32" && s.Details.Contains("\"guard\":\"special-range\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_InObserveMode_AuditsButStoresNoPlan()
    {
        var result = await Runner().RunAsync([Findings.PortProbe("f1", "45.155.0.9")], ResponseMode.Observe, TestContext.Current.CancellationToken);
        Assert.Null(await _store.GetPlanAsync(result.Plan.Id, TestContext.Current.CancellationToken));
        Assert.Contains(await _store.ListAuditAsync(new AuditQuery(), TestContext.Current.CancellationToken), a => a.Action == "response.observed");
        Assert.Empty(_waf.Executed);
    }

    [Fact]
    public async Task ApproveAsync_ExecutesActionsAwaitingApproval()
    {
        var runner = Runner(new ResponseOptions { RequireApproval = ["tag"] });
        var first = await runner.RunAsync([Findings.PortProbe("f1", "45.155.0.9")], ResponseMode.Enforce, TestContext.Current.CancellationToken);
        Assert.Empty(_tag.Executed);
        var tagId = first.Plan.Actions.Single(a => a.ActionKey == "tag").Id;

        var approved = await runner.ApproveAsync(first.Plan.Id, [tagId], "alice", TestContext.Current.CancellationToken);
        Assert.Single(_tag.Executed);
        Assert.Equal(ActionStatus.Executed, approved.Plan.Actions.Single(a => a.Id == tagId).Status);
        Assert.Equal("alice", Assert.Single(await _store.ListApprovalsAsync(first.Plan.Id, TestContext.Current.CancellationToken)).Approver);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => runner.ApproveAsync(first.Plan.Id, ["act-nope"], "alice", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ExpireAndUnblock_RemoveOnlyTheRightBlocks()
    {
        var runner = Runner();
        await runner.RunAsync([Findings.PortProbe("f1", "45.155.0.9", "45.155.0.10")], ResponseMode.Enforce, TestContext.Current.CancellationToken);
        Assert.Empty(await runner.ExpireBlocksAsync(TestContext.Current.CancellationToken));

        var unblocked = await runner.UnblockAsync("45.155.0.10", TestContext.Current.CancellationToken);
        Assert.Single(unblocked);
        Assert.Equal("unblocked", _waf.Removed.Single().Reason);

        _time.Advance(TimeSpan.FromHours(25));
        var expired = await runner.ExpireBlocksAsync(TestContext.Current.CancellationToken);
        Assert.Single(expired);
        Assert.Equal("45.155.0.9/32", Assert.Single(_waf.Removed[1].Blocks).Address);
        Assert.Empty(await _store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunAsync_GivenReoffendingAddress_DoublesItsTimeToLive()
    {
        var runner = Runner();
        await runner.RunAsync([Findings.PortProbe("f1", "45.155.0.9")], ResponseMode.Enforce, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromHours(25));
        await runner.ExpireBlocksAsync(TestContext.Current.CancellationToken);
        var second = await runner.RunAsync([Findings.PortProbe("f2", "45.155.0.9")], ResponseMode.Enforce, TestContext.Current.CancellationToken);
        var block = Assert.Single(second.Plan.Actions.Single(a => a.ActionKey == "waf-block").Blocks);
        Assert.Equal(TimeSpan.FromHours(48), block.Ttl);
        Assert.Equal(2, block.Offence);
    }

    [Fact]
    public async Task UndoAsync_GivenTagAction_CallsItsExecutorOnce()
    {
        var runner = Runner();
        var result = await runner.RunAsync([Findings.PortProbe("f1", "45.155.0.9")], ResponseMode.Enforce, TestContext.Current.CancellationToken);
        var tagId = result.Plan.Actions.Single(a => a.ActionKey == "tag").Id;
        Assert.Equal(ActionStatus.Executed, (await runner.UndoAsync(tagId, TestContext.Current.CancellationToken)).Status);
        Assert.Equal(ActionStatus.Skipped, (await runner.UndoAsync(tagId, TestContext.Current.CancellationToken)).Status);
        Assert.Single(_tag.Undone);

        var wafId = result.Plan.Actions.Single(a => a.ActionKey == "waf-block").Id;
        Assert.Equal(ActionStatus.Executed, (await runner.UndoAsync(wafId, TestContext.Current.CancellationToken)).Status);
        Assert.Equal("undone", _waf.Removed.Single().Reason);
    }

    [Fact]
    public async Task UndoAsync_OfAnExecutedAction_MarksItUndoneInTheStoredPlan()
    {
        var runner = Runner();
        var result = await runner.RunAsync([Findings.PortProbe("f1", "45.155.0.9")], ResponseMode.Enforce, TestContext.Current.CancellationToken);
        var tagId = result.Plan.Actions.Single(a => a.ActionKey == "tag").Id;

        await runner.UndoAsync(tagId, TestContext.Current.CancellationToken);

        var stored = await _store.GetPlanAsync(result.Plan.Id, TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Undone, stored!.Actions.Single(a => a.Id == tagId).Status);
        Assert.Equal(ActionStatus.Executed, stored.Actions.Single(a => a.ActionKey == "waf-block").Status);
    }

    [Fact]
    public async Task RunAsync_GivenOwnAddressesUnreadable_BlocksNothingThere()
    {
        var result = await Runner(own: new FailingOwnSource()).RunAsync([Findings.PortProbe("f1", "45.155.0.9")], ResponseMode.Enforce, TestContext.Current.CancellationToken);
        Assert.Empty(_waf.Executed);
        Assert.Contains(result.Plan.Skipped, s => s.Guard == GuardKeys.OwnAddress && s.Reason.Contains("AccessDenied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_GivenBlastRadiusCap_SendsTheNoticeToTheNoticeChannels()
    {
        var hook = new FakeExecutor("notify-webhook");
        var channel = new ActionInvocation("notify-webhook", NistPhase.PostIncident, System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty.Add("url", "https://hook").Add("secret", "s"));
        var options = new ResponseOptions { MaxBlocksPerHour = 1, NoticeChannels = [channel] };
        var engine = new ResponseEngine([DefaultPlaybook.Load(ActionRegistry.Default)], ActionRegistry.Default, new ResponseGuards(AwsIpRanges.Empty, []), options);
        var runner = new ResponseRunner(engine, _store, [_waf, _tag, hook, new FakeExecutor("nacl-block")], null, _time);

        var result = await runner.RunAsync([Findings.PortProbe("f1", "45.155.0.9", "45.155.0.10")], ResponseMode.Enforce, TestContext.Current.CancellationToken);

        Assert.Single(result.Plan.Actions.Single(a => a.ActionKey == "waf-block").Blocks);
        var notice = Assert.Single(hook.Executed);
        Assert.Equal("https://hook", notice.Get("url"));
        var audit = await _store.ListAuditAsync(new AuditQuery(), TestContext.Current.CancellationToken);
        Assert.Contains(audit, a => a.Action == "response.notice" && a.Details.Contains("blast-radius cap reached", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == "response.notified");
    }

    private sealed class FailingOwnSource : IOwnAddressSource
    {
        public Task<OwnNetworks> GetAsync(string accountId, string region, CancellationToken cancellationToken) =>
            throw new ActionFailedException("AccessDenied: ec2:DescribeVpcs", "AccessDenied", "ec2:DescribeVpcs");
    }
}
