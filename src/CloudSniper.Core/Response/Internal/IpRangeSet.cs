using System.Buffers.Binary;
using System.Net.Sockets;
using CloudSniper.Core.Net;

namespace CloudSniper.Core.Response.Internal;

/// <summary>
/// An immutable set of CIDR blocks with a label each, answering "which listed block contains this address or
/// block" by binary search over merged, sorted intervals: O(log n) with no allocation, so that checking every
/// address of a burst against the ~10,000 AWS service prefixes stays far below a microsecond.
/// </summary>
internal sealed class IpRangeSet
{
    private readonly UInt128[] _starts4;
    private readonly UInt128[] _ends4;
    private readonly string[] _labels4;
    private readonly UInt128[] _starts6;
    private readonly UInt128[] _ends6;
    private readonly string[] _labels6;

    private IpRangeSet(List<(UInt128 Start, UInt128 End, string Label)> v4, List<(UInt128 Start, UInt128 End, string Label)> v6)
    {
        (_starts4, _ends4, _labels4) = Merge(v4);
        (_starts6, _ends6, _labels6) = Merge(v6);
    }

    /// <summary>The empty set.</summary>
    public static IpRangeSet Empty { get; } = new([], []);

    /// <summary>Number of merged intervals.</summary>
    public int Count => _starts4.Length + _starts6.Length;

    /// <summary>Builds a set from blocks and their labels; overlapping blocks keep the label of the one starting first.</summary>
    public static IpRangeSet Create(IEnumerable<(IpNetwork Network, string Label)> blocks)
    {
        var v4 = new List<(UInt128, UInt128, string)>();
        var v6 = new List<(UInt128, UInt128, string)>();
        foreach (var (network, label) in blocks)
        {
            var (start, end) = Bounds(network);
            (network.IsIPv6 ? v6 : v4).Add((start, end, label));
        }

        return new IpRangeSet(v4, v6);
    }

    /// <summary>The label of a listed block that contains the whole of <paramref name="network"/>, or null.</summary>
    public string? FindContaining(IpNetwork network)
    {
        var (start, end) = Bounds(network);
        var (starts, ends, labels) = network.IsIPv6 ? (_starts6, _ends6, _labels6) : (_starts4, _ends4, _labels4);
        var i = LastStartAtOrBefore(starts, start);
        return i >= 0 && ends[i] >= end ? labels[i] : null;
    }

    /// <summary>The label of a listed block that shares any address with <paramref name="network"/>, or null.</summary>
    public string? FindOverlapping(IpNetwork network)
    {
        var (start, end) = Bounds(network);
        var (starts, ends, labels) = network.IsIPv6 ? (_starts6, _ends6, _labels6) : (_starts4, _ends4, _labels4);
        var i = LastStartAtOrBefore(starts, end);
        return i >= 0 && ends[i] >= start ? labels[i] : null;
    }

    /// <summary>The first and last address of a block as 128-bit integers (IPv4 in the low 32 bits).</summary>
    public static (UInt128 Start, UInt128 End) Bounds(IpNetwork network)
    {
        Span<byte> bytes = stackalloc byte[16];
        network.Prefix.TryWriteBytes(bytes, out var written);
        if (network.Prefix.AddressFamily == AddressFamily.InterNetwork)
        {
            var v = (UInt128)BinaryPrimitives.ReadUInt32BigEndian(bytes);
            var hostBits = 32 - network.Length;
            var span = hostBits == 0 ? UInt128.Zero : (UInt128.One << hostBits) - 1;
            return (v, v + span);
        }

        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes[..written]);
        var host6 = 128 - network.Length;
        var span6 = host6 == 0 ? UInt128.Zero : host6 == 128 ? UInt128.MaxValue : (UInt128.One << host6) - 1;
        return (value, value + span6);
    }

    private static int LastStartAtOrBefore(UInt128[] starts, UInt128 value)
    {
        int lo = 0, hi = starts.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (starts[mid] <= value)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    private static (UInt128[] Starts, UInt128[] Ends, string[] Labels) Merge(List<(UInt128 Start, UInt128 End, string Label)> items)
    {
        // Wider blocks first among equal starts, so a merged interval carries the label of the widest block.
        items.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var starts = new List<UInt128>(items.Count);
        var ends = new List<UInt128>(items.Count);
        var labels = new List<string>(items.Count);
        foreach (var (start, end, label) in items)
        {
            var last = ends.Count - 1;
            if (last >= 0 && (start <= ends[last] || (ends[last] != UInt128.MaxValue && start == ends[last] + 1 && labels[last] == label)))
            {
                if (end > ends[last])
                {
                    ends[last] = end;
                }

                continue;
            }

            starts.Add(start);
            ends.Add(end);
            labels.Add(label);
        }

        return (starts.ToArray(), ends.ToArray(), labels.ToArray());
    }

}
