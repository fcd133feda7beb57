using System.Runtime.InteropServices;
using CloudSniper.Core.Analytics.Internal;

namespace CloudSniper.Core.Analytics;

/// <summary>
/// Every pair read, with its records laid out contiguously pair by pair: built once from the workers' aggregators
/// (one counting pass and one scatter of their arenas), so that scoring reads each pair's records in one sweep.
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

    internal PairState[] Pairs { get; }

    internal int[] Offsets { get; }

    internal ConnectionEvent[] Events { get; }

    /// <summary>The records of pair <paramref name="pair"/>, in arrival order.</summary>
    internal ReadOnlySpan<ConnectionEvent> EventsOf(int pair) => Events.AsSpan(Offsets[pair], Offsets[pair + 1] - Offsets[pair]);

    /// <summary>Gathers the aggregators' pairs and records; the aggregators' arenas are released as they are copied.</summary>
    public static FlowPairs Build(IReadOnlyList<FlowAggregator> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var index = new Dictionary<PairKey, int>(parts.Count == 0 ? 0 : parts.Max(p => p.PairCount));
        var pairs = new List<PairState>();
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
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(index, src.Key, out var exists);
                if (!exists)
                {
                    slot = pairs.Count;
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

        var table = pairs.ToArray();
        var offsets = new int[table.Length + 1];
        for (var i = 0; i < table.Length; i++)
        {
            offsets[i + 1] = offsets[i] + table[i].Stored;
        }

        var events = GC.AllocateUninitializedArray<ConnectionEvent>(offsets[^1]);
        var cursor = (int[])offsets.Clone();
        for (var w = 0; w < parts.Count; w++)
        {
            var arena = parts[w].Arena;
            var map = maps[w];
            for (var b = 0; b < arena.BlockCount; b++)
            {
                foreach (ref readonly var e in arena.Block(b))
                {
                    var g = map[e.Pair];
                    events[cursor[g]++] = e;
                }

                arena.Release(b);
            }
        }

        return new FlowPairs(table, offsets, events, counters);
    }
}
