using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Tests.Analytics;

/// <summary>Builds flow records for analytics tests.</summary>
internal static class FlowRecords
{
    public static FlowAddress Ip(string text) => FlowAddress.TryParse(text, out var a) ? a : throw new FormatException(text);

    public static FlowRecord Record(string src, string dst, int srcPort, int dstPort, long start, long end = -1, long bytes = 100, int protocol = 6, FlowDirection direction = FlowDirection.Unknown, FlowAction action = FlowAction.Accept) => new()
    {
        Version = 2,
        SrcAddr = Ip(src),
        DstAddr = Ip(dst),
        SrcPort = (ushort)srcPort,
        DstPort = (ushort)dstPort,
        Protocol = (byte)protocol,
        Packets = 1,
        Bytes = bytes,
        Start = start,
        End = end < 0 ? start : end,
        Action = action,
        Direction = direction,
        TcpFlags = -1,
    };

    /// <summary>A beacon: one short connection per beat from a new source port, with its reply logged too.</summary>
    public static IEnumerable<FlowRecord> Beacon(string src, string dst, int port, long start, int beats, double period, double jitter = 0, int seed = 1, int protocol = 6)
    {
        var rng = new Random(seed);
        var t = (double)start;
        for (var i = 0; i < beats; i++)
        {
            var sport = 32768 + rng.Next(0, 28000);
            yield return Record(src, dst, sport, port, (long)t, (long)t + 1, 600, protocol);
            yield return Record(dst, src, port, sport, (long)t, (long)t + 1, 4000, protocol);
            t += period * (1 + (jitter * ((rng.NextDouble() * 2) - 1)));
        }
    }
}
