namespace CloudSniper.Core.Response.Planning;

/// <summary>Where a stored plan stands as a whole, from the states of its actions and its approvals.</summary>
public enum PlanState
{
    /// <summary>Nothing approved or executed yet.</summary>
    Pending,

    /// <summary>Approved, but no action has run yet.</summary>
    Approved,

    /// <summary>Every action that was to run has run (some may have been undone since).</summary>
    Applied,

    /// <summary>Some actions ran; others failed, ran in part or still wait.</summary>
    Partial,
}
