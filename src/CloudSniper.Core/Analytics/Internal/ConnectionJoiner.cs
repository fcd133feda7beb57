using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CloudSniper.Core.Analytics.Internal;

/// <summary>
/// Joins the records of each 5-tuple that follow one another within the join gap into single connections. One
/// joiner per thread: it keeps the connections of the pairs joined since <see cref="Clear"/> one after another, so
/// that the pairs of one (source, destination) are joined once and scored both on their own and together.
/// </summary>
internal sealed class ConnectionJoiner
{
    /// <summary>Ascending runs of records merged rather than sorted.</summary>
    private const int MaxMergedRuns = 16;

    private Connection[] connections = new Connection[256];
    private ConnectionEvent[] room = new ConnectionEvent[256];
    private ConnectionEvent[] spare = new ConnectionEvent[256];
    private ulong[] keys = new ulong[256];

    /// <summary>Per local port, the latest connection of the pair being joined (valid where <see cref="stamps"/> holds its number).</summary>
    private readonly int[] latest = new int[ushort.MaxValue + 1];

    /// <summary>Per local port, the number of the join that last wrote <see cref="latest"/>: no clearing between pairs.</summary>
    private readonly int[] stamps = new int[ushort.MaxValue + 1];
    private int joins;
    private int count;

    /// <summary>Connections joined since <see cref="Clear"/>, each pair's in start order.</summary>
    public ReadOnlySpan<Connection> Connections => connections.AsSpan(0, count);

    /// <summary>How many connections <see cref="Connections"/> holds.</summary>
    public int Count => count;

    /// <summary>Forgets the connections joined so far.</summary>
    public void Clear() => count = 0;

    /// <summary>
    /// Appends the connections of one pair's records (any order; left unchanged) to <see cref="Connections"/>, in
    /// start order. Records are taken by start; each joins the latest connection of its local port when that one ended
    /// no more than the join gap before, else opens a new one. A table by port keeps the latest connection of each, so
    /// a join costs the same however many connections are open at once (a 20-minute TCP join gap keeps dozens open).
    /// </summary>
    public void Join(ReadOnlySpan<ConnectionEvent> events, int joinGap)
    {
        if (events.IsEmpty)
        {
            return;
        }

        // A pair has at most one connection per record: room for all of them up front, so the loop never grows it.
        if (connections.Length < count + events.Length)
        {
            Array.Resize(ref connections, Math.Max(count + events.Length, connections.Length * 2));
        }

        if (++joins == int.MaxValue)
        {
            Array.Clear(stamps);
            joins = 1;
        }

        var into = connections;
        var n = count;
        foreach (ref readonly var e in SortByStart(events))
        {
            var port = e.LocalPort;
            if (stamps[port] == joins)
            {
                ref var conn = ref into[latest[port]];
                if ((long)conn.End + joinGap >= e.Start)
                {
                    conn.End = Math.Max(conn.End, e.Start + (uint)e.Duration);
                    conn.Bytes += e.Bytes;
                    continue;
                }
            }

            stamps[port] = joins;
            latest[port] = n;
            into[n++] = New(e);
        }

        count = n;
    }

    /// <summary>
    /// The events by start, ties in arrival order: <paramref name="events"/> itself when already so (the usual case),
    /// else a sorted copy. A disordered pair is mostly two or three ascending runs (each reading worker's share of it
    /// is in file order), so up to <see cref="MaxMergedRuns"/> runs are merged, stably, in linear passes; anything more
    /// disordered sorts primitive keys (start, then position), several times faster than a comparer.
    /// </summary>
    private ReadOnlySpan<ConnectionEvent> SortByStart(ReadOnlySpan<ConnectionEvent> events)
    {
        Span<int> runEnds = stackalloc int[MaxMergedRuns];
        var runs = 0;
        for (var i = 1; i < events.Length; i++)
        {
            if (events[i].Start < events[i - 1].Start)
            {
                if (runs == MaxMergedRuns - 1)
                {
                    return SortByKey(events);
                }

                runEnds[runs++] = i;
            }
        }

        if (runs == 0)
        {
            return events;
        }

        runEnds[runs++] = events.Length;
        return MergeRuns(events, runEnds[..runs]);
    }

    /// <summary>Merges adjacent ascending runs (ending at <paramref name="runEnds"/>) pairwise until one is left.</summary>
    private ReadOnlySpan<ConnectionEvent> MergeRuns(ReadOnlySpan<ConnectionEvent> events, scoped Span<int> runEnds)
    {
        var even = Room(events.Length);
        var odd = Spare(events.Length);
        var source = events;
        var runs = runEnds.Length;
        for (var level = 0; runs > 1; level++)
        {
            var target = level % 2 == 0 ? even : odd;
            var merged = 0;
            var start = 0;
            for (var r = 0; r < runs; r += 2)
            {
                var mid = runEnds[r];
                var end = r + 1 < runs ? runEnds[r + 1] : mid;
                Merge(source[start..mid], source[mid..end], target[start..end]);
                runEnds[merged++] = end;
                start = end;
            }

            runs = merged;
            source = target;
        }

        return source;
    }

    private static void Merge(ReadOnlySpan<ConnectionEvent> left, ReadOnlySpan<ConnectionEvent> right, Span<ConnectionEvent> into)
    {
        int i = 0, j = 0, k = 0;
        while (i < left.Length && j < right.Length)
        {
            // Strictly earlier only: on a tie the earlier run's record goes first, as arrival order has it.
            into[k++] = right[j].Start < left[i].Start ? right[j++] : left[i++];
        }

        left[i..].CopyTo(into[k..]);
        right[j..].CopyTo(into[(k + left.Length - i)..]);
    }

    private ReadOnlySpan<ConnectionEvent> SortByKey(ReadOnlySpan<ConnectionEvent> events)
    {
        if (keys.Length < events.Length)
        {
            keys = new ulong[Math.Max(events.Length, keys.Length * 2)];
        }

        var k = keys.AsSpan(0, events.Length);
        for (var i = 0; i < events.Length; i++)
        {
            k[i] = ((ulong)events[i].Start << 32) | (uint)i;
        }

        k.Sort();
        var copy = Room(events.Length);
        for (var i = 0; i < k.Length; i++)
        {
            copy[i] = events[(int)(uint)k[i]];
        }

        return copy;
    }

    private Span<ConnectionEvent> Spare(int n)
    {
        if (spare.Length < n)
        {
            spare = new ConnectionEvent[Math.Max(n, spare.Length * 2)];
        }

        return spare.AsSpan(0, n);
    }

    private Span<ConnectionEvent> Room(int n)
    {
        if (room.Length < n)
        {
            room = new ConnectionEvent[Math.Max(n, room.Length * 2)];
        }

        return room.AsSpan(0, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Connection New(in ConnectionEvent e) => new() { Start = e.Start, End = e.Start + e.Duration, Bytes = e.Bytes };
}
