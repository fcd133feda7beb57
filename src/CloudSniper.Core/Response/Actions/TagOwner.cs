using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>
/// Tags resources with the creator's <c>Owner</c> and <c>PrincipalId</c>, from CloudTrail create events
/// (RunInstances, CreateVolume, CreateSnapshot, CreateImage, CreateSecurityGroup, …) in EventBridge envelopes.
/// It acts on those events, not on findings: see <see cref="Owners.CloudTrailOwnerEvents"/>.
/// </summary>
/// <example>
/// <code>
/// - tag-owner: { owner-key: Owner }
/// </code>
/// </example>
public sealed class TagOwner : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "tag-owner";

    public override string Key => ActionKey;

    public override string Description => "Tag resources created in CloudTrail 'AWS API Call via CloudTrail' events with their creator's Owner and PrincipalId";

    public override NistPhase Phase => NistPhase.DetectionAndAnalysis;

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("owner-key", ParameterType.String, "Tag key for the creator's name", "Owner"),
        new("principal-key", ParameterType.String, "Tag key for the creator's principal id", "PrincipalId"),
    ];

    public override IReadOnlyList<string> Permissions { get; } = ["ec2:CreateTags"];

    public override string DryRun => "Lists the resources and the Owner/PrincipalId tags that would be written; nothing is tagged.";

    public override void Plan(ActionPlanningContext context) =>
        context.Skip("tag-owner acts on CloudTrail create events (sniper respond reads them), not on findings");
}
