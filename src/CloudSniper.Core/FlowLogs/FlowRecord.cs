namespace CloudSniper.Core.FlowLogs;

/// <summary>
/// One flow-log record, parsed without allocation. Absent (<c>-</c>) addresses are <see cref="FlowAddress.None"/>,
/// absent numbers zero; <see cref="End"/> defaults to <see cref="Start"/>.
/// </summary>
public struct FlowRecord
{
    /// <summary>The flow-log version field.</summary>
    public int Version { get; set; }

    /// <summary>The source address the interface saw.</summary>
    public FlowAddress SrcAddr { get; set; }

    /// <summary>The destination address the interface saw.</summary>
    public FlowAddress DstAddr { get; set; }

    /// <summary>The packet-level source (v3 <c>pkt-srcaddr</c>): the original host behind a NAT gateway or middlebox.</summary>
    public FlowAddress PktSrcAddr { get; set; }

    /// <summary>The packet-level destination (v3 <c>pkt-dstaddr</c>).</summary>
    public FlowAddress PktDstAddr { get; set; }

    /// <summary>The source port (0 for ICMP or when absent).</summary>
    public ushort SrcPort { get; set; }

    /// <summary>The destination port (0 for ICMP or when absent).</summary>
    public ushort DstPort { get; set; }

    /// <summary>The IANA protocol number (6 TCP, 17 UDP, 1 ICMP).</summary>
    public byte Protocol { get; set; }

    /// <summary>Packets in the window.</summary>
    public long Packets { get; set; }

    /// <summary>Bytes sent from source to destination in the window.</summary>
    public long Bytes { get; set; }

    /// <summary>Unix seconds of the first packet in the aggregation window.</summary>
    public long Start { get; set; }

    /// <summary>Unix seconds of the last packet in the aggregation window.</summary>
    public long End { get; set; }

    /// <summary>Whether the traffic was accepted or rejected.</summary>
    public FlowAction Action { get; set; }

    /// <summary>OK, NODATA or SKIPDATA.</summary>
    public FlowLogStatus LogStatus { get; set; }

    /// <summary>The v5 flow-direction relative to the logged interface.</summary>
    public FlowDirection Direction { get; set; }

    /// <summary>The OR of TCP flags seen in the window (v3 <c>tcp-flags</c>); -1 when absent.</summary>
    public int TcpFlags { get; set; }

    /// <summary>The v5 <c>traffic-path</c> code; 0 when absent.</summary>
    public int TrafficPath { get; set; }

    /// <summary>The source host: <see cref="PktSrcAddr"/> when logged, else <see cref="SrcAddr"/>.</summary>
    public readonly FlowAddress Source => PktSrcAddr.IsNone ? SrcAddr : PktSrcAddr;

    /// <summary>The destination host: <see cref="PktDstAddr"/> when logged, else <see cref="DstAddr"/>.</summary>
    public readonly FlowAddress Destination => PktDstAddr.IsNone ? DstAddr : PktDstAddr;
}
