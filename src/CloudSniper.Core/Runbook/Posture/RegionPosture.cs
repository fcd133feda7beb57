namespace CloudSniper.Core.Runbook.Posture;

/// <summary>One enabled region of an account: each security service's state there, and what could not be collected.</summary>
public sealed record RegionPosture
{
    public required string Region { get; init; }

    /// <summary>Trails visible in the region (DescribeTrails, shadow copies of multi-region trails included) with their status and selectors.</summary>
    public IReadOnlyList<TrailInfo> Trails { get; init; } = [];

    public IReadOnlyList<GuardDutyDetector> GuardDutyDetectors { get; init; } = [];

    /// <summary>Security Hub's hub and enabled standards; null when the hub is not enabled.</summary>
    public SecurityHubStatus? SecurityHub { get; init; }

    /// <summary>Inspector2's account status per resource type; null when unknown.</summary>
    public InspectorStatus? Inspector { get; init; }

    public IReadOnlyList<ConfigRecorder> ConfigRecorders { get; init; } = [];

    public IReadOnlyList<VpcInfo> Vpcs { get; init; } = [];

    public IReadOnlyList<FlowLogInfo> FlowLogs { get; init; } = [];

    /// <summary>How many resources Inspector could scan exist in the region.</summary>
    public ResourceCounts Resources { get; init; } = new();

    /// <summary>Collections that failed in this region (access denied, throttled, …).</summary>
    public IReadOnlyList<CollectionError> Errors { get; init; } = [];
}
