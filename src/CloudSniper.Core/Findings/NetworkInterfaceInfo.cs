using System.Collections.Immutable;

namespace CloudSniper.Core.Findings;

/// <summary>One network interface of an affected instance.</summary>
public sealed record NetworkInterfaceInfo(
    string? NetworkInterfaceId,
    string? SubnetId,
    string? VpcId,
    string? PrivateIpAddress,
    string? PublicIp,
    ImmutableArray<string> Ipv6Addresses,
    ImmutableArray<SecurityGroupRef> SecurityGroups);
