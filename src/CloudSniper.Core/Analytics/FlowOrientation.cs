using System.Runtime.CompilerServices;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics;

/// <summary>
/// Orients a record so that the internal host is the source: by <c>flow-direction</c> where logged, else by the
/// internal networks. The side that opened the connection is the one whose port is the less service-like
/// (ephemeral &gt; registered &gt; well-known); on a tie, the record's source. A record of the reply direction
/// orients onto the same connection as its request.
/// </summary>
public static class FlowOrientation
{
    /// <summary>Port class: 0 well-known (&lt; 1024), 1 registered (&lt; 32768), 2 ephemeral.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PortRank(ushort port) => port < 1024 ? 0 : port < 32768 ? 1 : 2;

    /// <summary>True when the record's source opened the connection (its port is not more service-like than the destination's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool SourceInitiated(ushort srcPort, ushort dstPort) => PortRank(srcPort) >= PortRank(dstPort);
}
