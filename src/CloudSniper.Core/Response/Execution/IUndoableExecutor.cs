using CloudSniper.Core.Response.Store;

namespace CloudSniper.Core.Response.Execution;

/// <summary>An executor that can reverse what it did, from the action record's undo data.</summary>
public interface IUndoableExecutor : IActionExecutor
{
    /// <summary>Reverses the recorded action.</summary>
    Task<ActionOutcome> UndoAsync(ActionRecord record, ActionExecutionContext context, CancellationToken cancellationToken);
}
