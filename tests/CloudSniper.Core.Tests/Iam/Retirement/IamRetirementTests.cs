using CloudSniper.Core.Iam;
using CloudSniper.Core.Iam.Retirement;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Playbooks;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response.Store;
using CloudSniper.Core.Tests.Response;

namespace CloudSniper.Core.Tests.Iam.Retirement;

/// <summary>Retirement runs over days with a fixed clock: the first notice starts the clock, enforce retires after it, plan mode changes nothing.</summary>
public sealed class IamRetirementTests
{
    private const string Account = "111122223333";
    private static readonly DateTimeOffset Day0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly InMemoryResponseStore _store = new();
    private readonly InMemoryRetirementClockStore _clock = new();
    private readonly FakeExecutor _notify = new(NotifyCredentialOwner.ActionKey);
    private readonly FakeExecutor _retireKey = new(RetireAccessKey.ActionKey);

    private ResponseRunner Runner()
    {
        var engine = new ResponseEngine([DefaultPlaybook.Load(ActionRegistry.Default)], ActionRegistry.Default, new ResponseGuards(AwsIpRanges.Empty, []), new ResponseOptions());
        return new ResponseRunner(engine, _store, [_notify, _retireKey, new FakeExecutor(RetireLoginProfile.ActionKey)]);
    }

    private static IamFinding Unused(string user) => new("key-unused", user, 1, "AKIA" + user.ToUpperInvariant().PadRight(16, 'X'), "medium", "1.12", "unused", null, 50, Account);

    private static IamRetirementRequest Request(ResponseMode mode, params IamFinding[] findings) =>
        new() { Findings = findings, Mode = mode, ReviewedAccounts = [Account] };

    [Fact]
    public async Task RunAsync_GivenPlanMode_ChangesNothingAndStartsNoClock()
    {
        var result = await IamRetirement.RunAsync(Request(ResponseMode.Plan, Unused("carol")), Runner(), _clock, Day0, TestContext.Current.CancellationToken);

        Assert.Single(result.Plan.Actions);
        Assert.Empty(_notify.Executed);
        Assert.Empty(await _clock.ListNoticesAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(await _store.GetPlanAsync(result.Plan.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunAsync_GivenDailyEnforcedRuns_NotifiesOnDayZeroAndRetiresOnDaySeven()
    {
        var ct = TestContext.Current.CancellationToken;
        var runner = Runner();
        var finding = Unused("carol");

        await IamRetirement.RunAsync(Request(ResponseMode.Enforce, finding), runner, _clock, Day0, ct);
        Assert.Single(_notify.Executed);
        Assert.Equal(Day0, (await _clock.ListNoticesAsync(ct))[RetirementClock.Key(finding)]);

        // Day 6 at 23:59: still in the grace period; nothing new is sent and the clock keeps the first notice.
        var day6 = await IamRetirement.RunAsync(Request(ResponseMode.Enforce, finding), runner, _clock, Day0.AddDays(7).AddMinutes(-1), ct);
        Assert.Empty(day6.Plan.Actions);
        Assert.Equal("grace-period", Assert.Single(day6.Plan.Skipped).Guard);
        Assert.Single(_notify.Executed);

        var day7 = await IamRetirement.RunAsync(Request(ResponseMode.Enforce, finding), runner, _clock, Day0.AddDays(7), ct);
        var retired = Assert.Single(_retireKey.Executed);
        Assert.Equal(finding.KeyId, retired.Get("access-key-id"));
        Assert.Equal(2, _notify.Executed.Count);
        Assert.Empty(await _clock.ListNoticesAsync(ct));
        Assert.NotNull(await _store.GetActionRecordAsync(retired.Id, ct));
        var audit = await _store.ListAuditAsync(new AuditQuery(), ct);
        Assert.Contains(audit, e => e.Subject == retired.TargetKey && e.Outcome == "executed");
        Assert.Equal(2, day7.Executed);
    }

    [Fact]
    public async Task RunAsync_GivenAFindingThatIsGone_ForgetsItsClock()
    {
        var ct = TestContext.Current.CancellationToken;
        var runner = Runner();
        await IamRetirement.RunAsync(Request(ResponseMode.Enforce, Unused("carol"), Unused("dave")), runner, _clock, Day0, ct);

        // carol used her key again: only dave's finding remains, so carol's clock is dropped and a new finding starts afresh.
        await IamRetirement.RunAsync(Request(ResponseMode.Enforce, Unused("dave")), runner, _clock, Day0.AddDays(1), ct);

        Assert.Equal([RetirementClock.Key(Unused("dave"))], (await _clock.ListNoticesAsync(ct)).Keys);
    }

    [Fact]
    public async Task RunAsync_GivenAFailedNotification_StartsNoClock()
    {
        var ct = TestContext.Current.CancellationToken;
        var failing = new FakeExecutor(NotifyCredentialOwner.ActionKey, _ => ActionOutcome.Failed("webhook down"));
        var engine = new ResponseEngine([DefaultPlaybook.Load(ActionRegistry.Default)], ActionRegistry.Default, new ResponseGuards(AwsIpRanges.Empty, []), new ResponseOptions());
        var runner = new ResponseRunner(engine, _store, [failing, _retireKey]);

        await IamRetirement.RunAsync(Request(ResponseMode.Enforce, Unused("carol")), runner, _clock, Day0, ct);

        Assert.Empty(await _clock.ListNoticesAsync(ct));
    }

    [Fact]
    public async Task RunAsync_GivenObserveMode_StoresNoPlanButAuditsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var result = await IamRetirement.RunAsync(Request(ResponseMode.Observe, Unused("carol")), Runner(), _clock, Day0, ct);

        Assert.Null(await _store.GetPlanAsync(result.Plan.Id, ct));
        Assert.Contains(await _store.ListAuditAsync(new AuditQuery(), ct), e => e.Outcome == "observed");
        Assert.Empty(_notify.Executed);
    }
}
