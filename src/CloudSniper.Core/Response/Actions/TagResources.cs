using System.Globalization;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>Tags the affected instance, its volumes and its network interfaces with the incident, finding type, severity, status and time.</summary>
/// <example>
/// <code>
/// - tag: { status: contained, extra: ["Team=secops"] }
/// </code>
/// </example>
public sealed class TagResources : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "tag";

    /// <summary>The tag names written (after the prefix).</summary>
    public static IReadOnlyList<string> TagNames { get; } = ["incident-id", "finding-type", "severity", "status", "time"];

    public override string Key => ActionKey;

    public override string Description => "Tag the affected instance, its EBS volumes and network interfaces with the incident id, finding type, severity, status and time";

    public override NistPhase Phase => NistPhase.DetectionAndAnalysis;

    public override bool Undoable => true;

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("prefix", ParameterType.String, "Prefix of the tag keys (default from the configuration: cloudsniper:)"),
        new("keys", ParameterType.List, "Which tags to write", string.Join(',', TagNames)) { AllowedValues = [.. TagNames] },
        new("status", ParameterType.String, "Value of the status tag", "investigating"),
        new("extra", ParameterType.List, "More tags as Key=Value"),
    ];

    public override IReadOnlyList<string> Permissions { get; } = ["ec2:DescribeInstances", "ec2:CreateTags", "ec2:DeleteTags"];

    public override string DryRun => "Lists the tags that would be written on the instance, its volumes and interfaces; nothing is tagged.";

    public override void Plan(ActionPlanningContext context)
    {
        var inv = context.Invocation;
        InstanceTargets.Plan(context, _ =>
        [
            new("prefix", inv.Get("prefix") ?? context.Options.TagPrefix),
            new("keys", inv.GetString("keys", string.Join(',', TagNames))),
            new("status", inv.GetString("status", "investigating")),
            new("extra", inv.GetString("extra", "")),
            new("time", context.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        ]);
    }
}
