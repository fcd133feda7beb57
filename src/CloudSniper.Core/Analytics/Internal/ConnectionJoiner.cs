namespace CloudSniper.Core.Analytics.Internal;

/// <summary>Joins the records of each 5-tuple that follow one another within the join gap into single connections.</summary>
internal static class ConnectionJoiner
{
    /// <summary>Connections open at once past which joining falls back to sorting by port (a pair with that many parallel flows is rare).</summary>
    private const int MaxOpen = 32;

    /// <summary>
    /// Sorts <paramref name="events"/> by start and appends the joined connections to <paramref name="into"/> in start
    /// order. Records arrive nearly in time order, and at any moment a pair has few connections open, so a short list
    /// of open connections (expired once past the join gap) replaces a sort by port.
    /// </summary>
    public static void Join(Span<ConnectionEvent> events, ushort port, byte protocol, int joinGap, List<Connection> into)
    {
        if (events.IsEmpty)
        {
            return;
        }

        SortByStart(events);
        Span<int> open = stackalloc int[MaxOpen];
        Span<ushort> openPorts = stackalloc ushort[MaxOpen];
        var openCount = 0;
        var first = into.Count;
        foreach (ref readonly var e in events)
        {
            var joined = false;
            var w = 0;
            for (var k = 0; k < openCount; k++)
            {
                var c = open[k];
                var conn = into[c];
                if ((long)conn.End + joinGap < e.Start)
                {
                    // Expired: nothing later can join it.
                    continue;
                }

                if (!joined && openPorts[k] == e.LocalPort)
                {
                    conn.End = Math.Max(conn.End, e.Start + (uint)e.Duration);
                    conn.Bytes += e.Bytes;
                    conn.Records++;
                    into[c] = conn;
                    joined = true;
                }

                open[w] = c;
                openPorts[w++] = openPorts[k];
            }

            openCount = w;
            if (joined)
            {
                continue;
            }

            if (openCount == MaxOpen)
            {
                into.RemoveRange(first, into.Count - first);
                JoinByPort(events, port, protocol, joinGap, into, first);
                return;
            }

            open[openCount] = into.Count;
            openPorts[openCount++] = e.LocalPort;
            into.Add(new Connection { Start = e.Start, End = e.Start + e.Duration, Bytes = e.Bytes, Records = 1, Port = port, Protocol = protocol });
        }
    }

    /// <summary>Sorts by start through primitive keys (start, then position): several times faster than a comparer, and the input is often sorted already.</summary>
    private static void SortByStart(Span<ConnectionEvent> events)
    {
        var sorted = true;
        for (var i = 1; i < events.Length; i++)
        {
            if (events[i].Start < events[i - 1].Start)
            {
                sorted = false;
                break;
            }
        }

        if (sorted)
        {
            return;
        }

        var keys = System.Buffers.ArrayPool<ulong>.Shared.Rent(events.Length);
        var copy = System.Buffers.ArrayPool<ConnectionEvent>.Shared.Rent(events.Length);
        try
        {
            for (var i = 0; i < events.Length; i++)
            {
                keys[i] = ((ulong)events[i].Start << 32) | (uint)i;
            }

            var k = keys.AsSpan(0, events.Length);
            k.Sort();
            events.CopyTo(copy);
            for (var i = 0; i < k.Length; i++)
            {
                events[i] = copy[(int)(uint)k[i]];
            }
        }
        finally
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(keys);
            System.Buffers.ArrayPool<ConnectionEvent>.Shared.Return(copy);
        }
    }

    private static void JoinByPort(Span<ConnectionEvent> events, ushort port, byte protocol, int joinGap, List<Connection> into, int first)
    {
        events.Sort(default(ByPortThenStart));
        var cur = New(events[0], port, protocol);
        var curPort = events[0].LocalPort;
        for (var i = 1; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
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
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(into)[first..].Sort(default(ConnectionByStart));
    }

    private static Connection New(in ConnectionEvent e, ushort port, byte protocol) =>
        new() { Start = e.Start, End = e.Start + e.Duration, Bytes = e.Bytes, Records = 1, Port = port, Protocol = protocol };

    private readonly struct ByPortThenStart : IComparer<ConnectionEvent>
    {
        public int Compare(ConnectionEvent x, ConnectionEvent y) =>
            x.LocalPort != y.LocalPort ? x.LocalPort.CompareTo(y.LocalPort) : x.Start.CompareTo(y.Start);
    }

    private readonly struct ConnectionByStart : IComparer<Connection>
    {
        public int Compare(Connection x, Connection y) => x.Start.CompareTo(y.Start);
    }
}
