using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Tests.Response;

public class PlanStatesTests
{
    private static ResponsePlan Plan(params ActionStatus[] statuses) => new()
    {
        Id = "plan-1",
        CreatedAt = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
        Mode = ResponseMode.Plan,
        Actions = [.. statuses.Select((s, i) => new PlannedAction { Id = "act-" + i, ActionKey = "tag", Phase = NistPhase.Containment, TargetKey = "t|" + i, Status = s })],
    };

    [Fact]
    public void Of_GivenNothingRunOrApproved_IsPending() =>
        Assert.Equal(PlanState.Pending, PlanStates.Of(Plan(ActionStatus.Planned, ActionStatus.AwaitingApproval), approvals: 0));

    [Fact]
    public void Of_GivenApprovalsButNothingRun_IsApproved() =>
        Assert.Equal(PlanState.Approved, PlanStates.Of(Plan(ActionStatus.AwaitingApproval), approvals: 1));

    [Fact]
    public void Of_GivenEveryRunnableActionExecutedOrUndone_IsApplied() =>
        Assert.Equal(PlanState.Applied, PlanStates.Of(Plan(ActionStatus.Executed, ActionStatus.Undone, ActionStatus.Skipped), approvals: 0));

    [Fact]
    public void Of_GivenAFailureBesideAnExecutedAction_IsPartial() =>
        Assert.Equal(PlanState.Partial, PlanStates.Of(Plan(ActionStatus.Executed, ActionStatus.Failed), approvals: 0));

    [Fact]
    public void Of_GivenOneActionExecutedAndOneStillWaiting_IsPartial() =>
        Assert.Equal(PlanState.Partial, PlanStates.Of(Plan(ActionStatus.Executed, ActionStatus.AwaitingApproval), approvals: 1));
}
