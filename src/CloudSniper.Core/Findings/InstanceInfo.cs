using System.Collections.Immutable;

namespace CloudSniper.Core.Findings;

/// <summary>An affected EC2 instance with every network interface.</summary>
public sealed record InstanceInfo(
    string InstanceId,
    string? ImageId,
    string? InstanceType,
    string? AvailabilityZone,
    string? InstanceState,
    ImmutableArray<NetworkInterfaceInfo> NetworkInterfaces,
    ImmutableDictionary<string, string> Tags);
