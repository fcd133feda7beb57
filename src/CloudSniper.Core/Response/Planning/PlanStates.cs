namespace CloudSniper.Core.Response.Planning;

/// <summary>Derives a plan's <see cref="PlanState"/> and its display name.</summary>
public static class PlanStates
{
    /// <summary>The state of <paramref name="plan"/>, given how many of its actions were approved.</summary>
    public static PlanState Of(ResponsePlan plan, int approvals)
    {
        // Skipped actions were never going to run, so they neither block "applied" nor count as progress.
        var relevant = plan.Actions.Where(a => a.Status != ActionStatus.Skipped).ToList();
        var ran = relevant.Count(a => a.Status is ActionStatus.Executed or ActionStatus.Undone);
        var broken = relevant.Count(a => a.Status is ActionStatus.Failed or ActionStatus.Partial);
        if (ran == 0 && broken == 0)
        {
            return approvals > 0 ? PlanState.Approved : PlanState.Pending;
        }

        return ran == relevant.Count ? PlanState.Applied : PlanState.Partial;
    }

    /// <summary>The lower-case name printed by the CLI.</summary>
    public static string Name(PlanState state) => state.ToString().ToLowerInvariant();
}
