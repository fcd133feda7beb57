namespace CloudSniper.Core.Analytics.Internal;

/// <summary>Joins the records of each 5-tuple that follow one another within the join gap into single connections.</summary>
internal static class ConnectionJoiner
{
    /// <summary>Sorts <paramref name="events"/> by local port then start and appends the joined connections to <paramref name="into"/>.</summary>
    public static void Join(List<ConnectionEvent> events, ushort port, byte protocol, int joinGap, List<Connection> into)
    {
        if (events.Count == 0)
        {
            return;
        }

        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(events);
        span.Sort(static (a, b) => a.LocalPort != b.LocalPort ? a.LocalPort.CompareTo(b.LocalPort) : a.Start.CompareTo(b.Start));
        var cur = New(span[0], port, protocol);
        var curPort = span[0].LocalPort;
        for (var i = 1; i < span.Length; i++)
        {
            ref readonly var e = ref span[i];
            if (e.LocalPort == curPort && (long)e.Start <= (long)cur.End + joinGap)
            {
                cur.End = Math.Max(cur.End, e.Start + (uint)e.Duration);
                cur.Bytes += e.Bytes;
                cur.Records++;
            }
            else
            {
                into.Add(cur);
                cur = New(e, port, protocol);
                curPort = e.LocalPort;
            }
        }

        into.Add(cur);
    }

    private static Connection New(in ConnectionEvent e, ushort port, byte protocol) =>
        new() { Start = e.Start, End = e.Start + e.Duration, Bytes = e.Bytes, Records = 1, Port = port, Protocol = protocol };
}
