using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>Posts a Block Kit message (findings, indicators, actions taken) to a Slack incoming webhook.</summary>
/// <example>
/// <code>
/// - notify-slack: { url: "${SNIPER_SLACK_WEBHOOK_URL}" }
/// </code>
/// </example>
public sealed class NotifySlack : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "notify-slack";

    public override string Key => ActionKey;

    public override string Description => "Post the findings, their indicators and the actions taken to a Slack incoming webhook";

    public override NistPhase Phase => NistPhase.PostIncident;

    public override bool Notifies => true;

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("url", ParameterType.String, "Incoming-webhook URL; ${NAME} is replaced by an allowed environment variable NAME when sending", Required: true),
    ];

    public override IReadOnlyList<string> Permissions { get; } = [];

    public override string DryRun => "Shows the channel that would be notified; no message is sent.";

    public override void Plan(ActionPlanningContext context) => NotifyPlanning.Plan(context, "url");
}
