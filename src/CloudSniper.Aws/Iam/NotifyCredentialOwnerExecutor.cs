using System.Collections.Immutable;
using CloudSniper.Aws.Response;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Aws.Iam;

/// <summary>
/// Executes <c>iam-notify-owner</c>: sends the message through the retirement playbook's channel, reusing the Slack and
/// SNS notifiers (the message goes as the notice of an otherwise empty notification); with no channel the audit entry is
/// the notification.
/// </summary>
public sealed class NotifyCredentialOwnerExecutor(IActionExecutor slack, IActionExecutor sns) : IActionExecutor
{
    /// <inheritdoc />
    public string ActionKey => NotifyCredentialOwner.ActionKey;

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = action.Get("message") ?? throw new ActionFailedException("the action has no message");
        var recipient = action.Get("recipient") ?? "the team channel";
        var (inner, parameters) = (action.Get("channel") ?? "none") switch
        {
            "slack" => (slack, new[] { "url" }),
            "sns" => (sns, new[] { "topic-arn", "subject" }),
            "none" => ((IActionExecutor?)null, Array.Empty<string>()),
            var other => throw new ActionFailedException($"unknown notification channel '{other}'"),
        };
        if (inner is null)
        {
            return ActionOutcome.Executed($"notice for {recipient} recorded in the audit log (no notification channel configured)");
        }

        var delivery = new PlannedAction
        {
            Id = action.Id,
            ActionKey = inner.ActionKey,
            Phase = action.Phase,
            TargetKey = action.TargetKey,
            AccountId = action.AccountId,
            Rules = action.Rules,
            Parameters = parameters.Where(p => action.Get(p) is not null).ToImmutableSortedDictionary(p => p, p => action.Get(p)!, StringComparer.Ordinal),
        };
        var only = new ActionExecutionContext { Store = context.Store, Options = context.Options, Time = context.Time, Plan = context.Plan, Notices = [message] };
        var outcome = await inner.ExecuteAsync(delivery, only, cancellationToken).ConfigureAwait(false);
        return outcome.Status == ActionStatus.Executed ? outcome with { Message = $"notified {recipient}: {outcome.Message}" } : outcome;
    }
}
