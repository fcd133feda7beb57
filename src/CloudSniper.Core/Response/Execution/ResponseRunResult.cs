using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Execution;

/// <summary>The plan of a run and the outcome of every action executed in it.</summary>
public sealed record ResponseRunResult(ResponsePlan Plan, IReadOnlyDictionary<string, ActionOutcome> Outcomes)
{
    /// <summary>Actions executed successfully.</summary>
    public int Executed => Outcomes.Values.Count(o => o.Status == ActionStatus.Executed);

    /// <summary>Actions that failed wholly or in part.</summary>
    public int Failed => Outcomes.Values.Count(o => o.Status is ActionStatus.Failed or ActionStatus.Partial);

    /// <summary>True when an AWS call failed (the CLI exits 4).</summary>
    public bool AnyAwsFailure => Outcomes.Values.Any(o => o.IsAwsFailure);
}
