using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>Publishes a summary of the findings and the actions taken to an SNS topic.</summary>
/// <example>
/// <code>
/// - notify-sns: { topic-arn: "arn:aws:sns:eu-west-1:123456789012:secops" }
/// </code>
/// </example>
public sealed class NotifySns : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "notify-sns";

    public override string Key => ActionKey;

    public override string Description => "Publish the findings and the actions taken to an SNS topic";

    public override NistPhase Phase => NistPhase.PostIncident;

    public override bool Notifies => true;

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("topic-arn", ParameterType.String, "ARN of the topic (its region is used)", Required: true),
        new("subject", ParameterType.String, "Subject line", "Cloud Sniper response"),
    ];

    public override IReadOnlyList<string> Permissions { get; } = ["sns:Publish"];

    public override string DryRun => "Shows the topic that would receive the message; nothing is published.";

    public override void Plan(ActionPlanningContext context) => NotifyPlanning.Plan(context, "topic-arn");
}
