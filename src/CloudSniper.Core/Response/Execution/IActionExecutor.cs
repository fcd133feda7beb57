using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Execution;

/// <summary>Carries out one registered action (by <see cref="ActionKey"/>) against AWS or a notification channel.</summary>
public interface IActionExecutor
{
    /// <summary>The key of the action this executor carries out.</summary>
    string ActionKey { get; }

    /// <summary>Executes a planned action; throws <see cref="ActionFailedException"/> (or returns a failed outcome) on failure.</summary>
    Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken);
}
