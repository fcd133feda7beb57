using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>Snapshots every EBS volume attached to the instance for forensics, tagged with the incident.</summary>
/// <example>
/// <code>
/// - snapshot
/// </code>
/// </example>
public sealed class SnapshotVolumes : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "snapshot";

    public override string Key => ActionKey;

    public override string Description => "Snapshot every EBS volume attached to the instance for forensics, tagged with the incident";

    public override NistPhase Phase => NistPhase.DetectionAndAnalysis;

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("prefix", ParameterType.String, "Prefix of the snapshot tag keys (default from the configuration: cloudsniper:)"),
    ];

    public override IReadOnlyList<string> Permissions { get; } = ["ec2:DescribeInstances", "ec2:CreateSnapshot", "ec2:CreateTags"];

    public override string DryRun => "Names the instance whose attached volumes would be snapshotted; no snapshot is taken. Snapshots are evidence and are not undone.";

    public override void Plan(ActionPlanningContext context) =>
        InstanceTargets.Plan(context, _ => [new("prefix", context.Invocation.Get("prefix") ?? context.Options.TagPrefix)]);
}
