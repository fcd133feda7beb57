using CloudSniper.Core.Net;
using CloudSniper.Core.Response.Internal;

namespace CloudSniper.Core.Response.Guards;

/// <summary>An account's own address space in one region: its VPC CIDR blocks and Elastic IPs, never blocked.</summary>
public sealed class OwnNetworks
{
    private readonly IpRangeSet _set;

    private readonly string? _unknownReason;

    private OwnNetworks(IpRangeSet set, int count, string? unknownReason = null)
    {
        _set = set;
        Count = count;
        _unknownReason = unknownReason;
    }

    /// <summary>
    /// The own address space could not be read (for example access denied on DescribeVpcs): every address is then
    /// treated as possibly own, so nothing is blocked in that account and region until it can be read.
    /// </summary>
    public static OwnNetworks Unknown(string reason) => new(IpRangeSet.Empty, 0, reason);

    /// <summary>True when the own address space could not be read.</summary>
    public bool IsUnknown => _unknownReason is not null;

    /// <summary>No own addresses known.</summary>
    public static OwnNetworks Empty { get; } = new(IpRangeSet.Empty, 0);

    /// <summary>Number of blocks listed.</summary>
    public int Count { get; }

    /// <summary>Builds the set from blocks labelled with what they are (<c>vpc-… 10.0.0.0/16</c>, <c>eipalloc-… 3.3.3.3</c>).</summary>
    public static OwnNetworks Create(IEnumerable<(IpNetwork Network, string Label)> blocks)
    {
        var list = blocks.ToList();
        return new OwnNetworks(IpRangeSet.Create(list), list.Count);
    }

    /// <summary>The label of an own block overlapping <paramref name="network"/>, or null.</summary>
    public string? Find(IpNetwork network) =>
        _unknownReason is not null ? "own addresses unknown: " + _unknownReason : _set.FindOverlapping(network);
}
