namespace CloudSniper.Core.Response.Planning;

/// <summary>Where a planned action stands.</summary>
public enum ActionStatus
{
    Planned,
    AwaitingApproval,
    Executed,
    Failed,

    /// <summary>Some of the work was done and recorded; the rest failed.</summary>
    Partial,
    Skipped,
    Undone,
}
