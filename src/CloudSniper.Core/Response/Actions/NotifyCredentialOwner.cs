using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>
/// Tells a credential's owner (the user's owner tag, else the team channel) what the IAM review found and when the
/// credential will be retired, through the retirement playbook's channel (Slack, SNS, or the audit log alone). The first
/// notification about a credential starts its grace period.
/// </summary>
/// <example>
/// <code>
/// # retirement playbook
/// notify: { channel: slack, url: "${SNIPER_SLACK_WEBHOOK_URL}" }
/// </code>
/// </example>
public sealed class NotifyCredentialOwner : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "iam-notify-owner";

    public override string Key => ActionKey;

    public override string Description => "Tell a credential's owner (owner tag, else the team channel) about IAM review findings and the coming retirement";

    public override NistPhase Phase => NistPhase.PostIncident;

    public override bool Notifies => true;

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("user", ParameterType.String, "The IAM user the findings are about", Required: true),
        new("recipient", ParameterType.String, "The owner (owner tag) or the team channel", Required: true),
        new("recipient-source", ParameterType.Enum, "Where the recipient came from") { AllowedValues = ["owner-tag", "team-channel"] },
        new("message", ParameterType.String, "The text sent", Required: true),
        new("channel", ParameterType.Enum, "How it is sent", "none") { AllowedValues = ["none", "slack", "sns"] },
        new("url", ParameterType.String, "Slack incoming-webhook URL; ${NAME} is replaced by an allowed environment variable NAME when sending"),
        new("topic-arn", ParameterType.String, "SNS topic ARN (its region is used)"),
        new("subject", ParameterType.String, "SNS subject line", "Cloud Sniper IAM review"),
    ];

    // sns:Publish only when the playbook's channel is sns; see IamRetirementPermissions.
    public override IReadOnlyList<string> Permissions { get; } = ["sns:Publish"];

    public override string DryRun => "Shows the recipient and the message; nothing is sent and the grace period does not start.";

    public override void Plan(ActionPlanningContext context) => IamReviewOnly.Plan(context);
}
