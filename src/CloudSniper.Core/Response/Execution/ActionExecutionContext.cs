using CloudSniper.Core.Findings;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Core.Response.Execution;

/// <summary>What an executor may use besides the planned action: the store, the plan, its findings, the settings and the clock.</summary>
public sealed class ActionExecutionContext
{
    public required IResponseStore Store { get; init; }

    public required ResponseOptions Options { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>The plan being executed (null for expiry, unblock and undo).</summary>
    public ResponsePlan? Plan { get; init; }

    /// <summary>The plan's findings by id (empty when executing a stored plan whose findings are not at hand).</summary>
    public IReadOnlyDictionary<string, Finding> Findings { get; init; } = new Dictionary<string, Finding>();

    /// <summary>The actions already executed in this run and their outcomes, for notifications.</summary>
    public IReadOnlyList<(PlannedAction Action, ActionOutcome Outcome)> Completed { get; init; } = [];

    /// <summary>The plan's notices (blast-radius cap, …), for notifications.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>The current time.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();
}
