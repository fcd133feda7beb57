using System.Runtime.InteropServices;
using CloudSniper.Core.Analytics.Internal;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics;

/// <summary>
/// Every pair read, with its records laid out contiguously pair by pair: built once from the workers' aggregators
/// (one counting pass and one scatter of their arenas), so that scoring reads each pair's records in one sweep. Pairs
/// come in scoring order, by (source, destination), so that scoring walks the table, the offsets and the records
/// front to back instead of jumping about them.
/// </summary>
public sealed class FlowPairs
{
    private FlowPairs(PairState[] pairs, int[] offsets, ConnectionEvent[] events, FlowAggregatorCounters counters)
    {
        Pairs = pairs;
        Offsets = offsets;
        Events = events;
        Counters = counters;
    }

    /// <summary>How the records were oriented, over all workers.</summary>
    public FlowAggregatorCounters Counters { get; }

    /// <summary>Distinct (source, destination, port, protocol) pairs.</summary>
    public int PairCount => Pairs.Length;

    /// <summary>Records kept.</summary>
    public long EventCount => Events.Length;

    /// <summary>The pairs, by (source, destination).</summary>
    internal PairState[] Pairs { get; }

    internal int[] Offsets { get; }

    internal ConnectionEvent[] Events { get; }

    /// <summary>The records of pair <paramref name="pair"/>, in arrival order.</summary>
    internal ReadOnlySpan<ConnectionEvent> EventsOf(int pair) => Events.AsSpan(Offsets[pair], Offsets[pair + 1] - Offsets[pair]);

    /// <summary>Gathers the aggregators' pairs and records; the aggregators' arenas are released as they are copied.</summary>
    public static FlowPairs Build(IReadOnlyList<FlowAggregator> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        // The first part's pairs come over as they are, found through its own index; only pairs it lacks need one.
        var others = new Dictionary<PairKey, int>();
        var pairs = new List<PairState>(parts.Count == 0 ? 0 : parts.Max(p => p.PairCount) * 5 / 4);
        var maps = new int[parts.Count][];
        var counters = new FlowAggregatorCounters();
        for (var w = 0; w < parts.Count; w++)
        {
            var part = parts[w];
            counters.Add(part.Counters);
            var map = maps[w] = new int[part.PairCount];
            for (var i = 0; i < part.PairCount; i++)
            {
                ref var src = ref part.Pair(i);
                var slot = w == 0 ? i : parts[0].Lookup(src.Key);
                if (slot < 0)
                {
                    ref var other = ref CollectionsMarshal.GetValueRefOrAddDefault(others, src.Key, out var exists);
                    if (!exists)
                    {
                        other = pairs.Count;
                        pairs.Add(new PairState { Key = src.Key, First = src.First, Last = src.Last });
                    }

                    slot = other;
                }
                else if (w == 0)
                {
                    pairs.Add(new PairState { Key = src.Key, First = src.First, Last = src.Last });
                }

                map[i] = slot;
                ref var dst = ref CollectionsMarshal.AsSpan(pairs)[slot];
                dst.Records += src.Records;
                dst.Bytes += src.Bytes;
                dst.Stored += src.Stored;
                dst.First = Math.Min(dst.First, src.First);
                dst.Last = Math.Max(dst.Last, src.Last);
            }
        }

        var gathered = CollectionsMarshal.AsSpan(pairs);
        var order = ScoringOrder(gathered);
        var table = new PairState[order.Length];
        var position = new int[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            table[k] = gathered[order[k]];
            position[order[k]] = k;
        }

        foreach (var map in maps)
        {
            for (var i = 0; i < map.Length; i++)
            {
                map[i] = position[map[i]];
            }
        }

        var offsets = new int[table.Length + 1];
        for (var i = 0; i < table.Length; i++)
        {
            offsets[i + 1] = offsets[i] + table[i].Stored;
        }

        var events = GC.AllocateUninitializedArray<ConnectionEvent>(offsets[^1]);
        var cursor = (int[])offsets.Clone();
        if (events.Length >= ParallelScatter && Environment.ProcessorCount > 1)
        {
            // Two threads, each reading every record and writing those of its half of the pairs: the scattered
            // writes, not the reads, are what this step costs.
            var half = table.Length / 2;
            Parallel.Invoke(() => Scatter(parts, maps, events, cursor, 0, half), () => Scatter(parts, maps, events, cursor, half, table.Length));
        }
        else
        {
            Scatter(parts, maps, events, cursor, 0, table.Length);
        }

        foreach (var part in parts)
        {
            part.Arena.Release();
        }

        return new FlowPairs(table, offsets, events, counters);
    }

    /// <summary>Records past which two threads lay them out.</summary>
    private const int ParallelScatter = 1 << 20;

    /// <summary>Copies the records of pairs <paramref name="from"/> to <paramref name="to"/> (exclusive) to their places, in arrival order.</summary>
    private static void Scatter(IReadOnlyList<FlowAggregator> parts, int[][] maps, ConnectionEvent[] events, int[] cursor, int from, int to)
    {
        for (var w = 0; w < parts.Count; w++)
        {
            var arena = parts[w].Arena;
            var map = maps[w];
            for (var b = 0; b < arena.BlockCount; b++)
            {
                foreach (ref readonly var e in arena.Block(b))
                {
                    var g = map[e.Pair];
                    if (g >= from && g < to)
                    {
                        events[cursor[g]++] = e;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Indices of <paramref name="pairs"/> ordered by (source, destination, port, protocol). The order is total, so
    /// it does not depend on the order the workers first saw the pairs in, which depends on how the records were split
    /// between them: a host pair's ports come in port order, and the first of them with the most connections names
    /// the across-ports row. Each index travels with one 64-bit address key when every address is IPv4 (which orders
    /// exactly as the two 128-bit addresses do), else with the addresses, so that comparing reads no other array.
    /// </summary>
    internal static int[] ScoringOrder(ReadOnlySpan<PairState> pairs)
    {
        var order = new int[pairs.Length];
        var allV4 = true;
        foreach (ref readonly var p in pairs)
        {
            allV4 &= new FlowAddress(p.Key.Src).IsIPv4 && new FlowAddress(p.Key.Dst).IsIPv4;
        }

        if (allV4)
        {
            var keyed = new (ulong Key, uint Port, int Index)[pairs.Length];
            for (var i = 0; i < pairs.Length; i++)
            {
                keyed[i] = (((ulong)(uint)pairs[i].Key.Src << 32) | (uint)pairs[i].Key.Dst, PortKey(pairs[i].Key), i);
            }

            Array.Sort(keyed, static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Port.CompareTo(b.Port));
            for (var k = 0; k < keyed.Length; k++)
            {
                order[k] = keyed[k].Index;
            }

            return order;
        }

        var addressed = new (UInt128 Src, UInt128 Dst, uint Port, int Index)[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            addressed[i] = (pairs[i].Key.Src, pairs[i].Key.Dst, PortKey(pairs[i].Key), i);
        }

        Array.Sort(addressed, static (a, b) =>
        {
            var c = a.Src.CompareTo(b.Src);
            c = c != 0 ? c : a.Dst.CompareTo(b.Dst);
            return c != 0 ? c : a.Port.CompareTo(b.Port);
        });
        for (var k = 0; k < addressed.Length; k++)
        {
            order[k] = addressed[k].Index;
        }

        return order;
    }

    /// <summary>Port, then protocol, in one comparable number.</summary>
    private static uint PortKey(in PairKey key) => ((uint)key.Port << 8) | key.Protocol;
}
