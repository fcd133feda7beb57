using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>
/// Isolates an instance: a quarantine security group with no ingress and no egress rule, created or reused in its
/// VPC, replaces the groups of every network interface; the previous groups are recorded for undo.
/// </summary>
/// <example>
/// <code>
/// - isolate
/// </code>
/// </example>
public sealed class IsolateInstance : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "isolate";

    public override string Key => ActionKey;

    public override string Description => "Put every network interface of the instance in a quarantine security group with no rules (previous groups recorded for undo)";

    public override NistPhase Phase => NistPhase.Containment;

    public override bool Undoable => true;

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("group-name", ParameterType.String, "Name of the quarantine security group (default from the configuration: cloudsniper-quarantine)"),
    ];

    public override IReadOnlyList<string> Permissions { get; } =
    [
        "ec2:DescribeInstances", "ec2:DescribeSecurityGroups", "ec2:CreateSecurityGroup", "ec2:RevokeSecurityGroupEgress",
        "ec2:ModifyNetworkInterfaceAttribute", "ec2:CreateTags",
    ];

    public override string DryRun => "Names the instance and interfaces that would be moved to the quarantine group; no group is created or changed.";

    public override void Plan(ActionPlanningContext context) =>
        InstanceTargets.Plan(context, _ => [new("group-name", context.Invocation.Get("group-name") ?? context.Options.QuarantineGroupName)]);
}
