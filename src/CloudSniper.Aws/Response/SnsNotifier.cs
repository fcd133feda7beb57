using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Aws.Response;

/// <summary>Executes <c>notify-sns</c>: publishes the plain-text summary to the topic, in the topic's own region.</summary>
public sealed class SnsNotifier(AwsClientFactory clients) : IActionExecutor
{
    /// <inheritdoc />
    public string ActionKey => NotifySns.ActionKey;

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var topic = action.Get("topic-arn") ?? throw new ActionFailedException("no topic-arn given");
        var parts = topic.Split(':');
        if (parts.Length < 6 || parts[2] != "sns")
        {
            return ActionOutcome.Failed($"'{topic}' is not an SNS topic ARN");
        }

        var content = NotificationContent.From(action, context);
        var sns = await clients.SnsAsync(parts[4], parts[3], cancellationToken).ConfigureAwait(false);
        try
        {
            var id = await sns.PublishAsync(topic, Subject(action.Get("subject") ?? content.Title), content.Text(), cancellationToken).ConfigureAwait(false);
            return new ActionOutcome(ActionStatus.Executed, $"published message {id} to {topic}") { WriteCalls = 1 };
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"Publish {topic}", "sns:Publish");
        }
    }

    /// <summary>
    /// A valid SNS subject for <paramref name="title"/>: line breaks and control characters (a finding title can carry
    /// them) become spaces, and the result is clipped.
    /// </summary>
    public static string Subject(string title)
    {
        // SNS API Reference, Publish: "Subjects must be UTF-8 text with no line breaks or control characters, and less
        // than 100 characters long"; a newline in a finding title would otherwise fail the publish or forge a line.
        var clean = new string([.. title.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return clean.Length < 100 ? clean : clean[..99];
    }
}
