using System.Runtime.CompilerServices;
using CloudSniper.Core.Analytics.Internal;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics;

/// <summary>
/// Collects oriented outbound records per (internal source, external destination, destination port, protocol):
/// 16 bytes per record in an arena plus one entry per pair, so memory follows pairs and their connections, never
/// the text read. One aggregator per worker; <see cref="FlowPairs.Build"/> gathers them, pair by pair.
/// </summary>
public sealed class FlowAggregator : IFlowRecordSink
{
    /// <summary>Open addressing over the pair table: slot + 1 per cell, 0 for empty; at most half full.</summary>
    private int[] index = new int[2048];
    private readonly EventArena arena = new();
    private readonly InternalMatcher matcher;
    private readonly long since;
    private readonly long until;
    private readonly int maxEvents;
    private PairState[] pairs = new PairState[1024];
    private int pairCount;
    private int lastSlot = -1;

    /// <summary>Creates an empty aggregator.</summary>
    public FlowAggregator(FlowAggregatorOptions? options = null)
    {
        Options = options ?? new FlowAggregatorOptions();
        matcher = new InternalMatcher(Options.Internal);
        since = Options.Since?.ToUnixTimeSeconds() ?? long.MinValue;
        until = Options.Until?.ToUnixTimeSeconds() ?? long.MaxValue;
        maxEvents = Options.MaxEventsPerPair;
    }

    /// <summary>The options in force.</summary>
    public FlowAggregatorOptions Options { get; }

    /// <summary>How records were oriented.</summary>
    public FlowAggregatorCounters Counters { get; } = new();

    /// <summary>Distinct (source, destination, port, protocol) pairs.</summary>
    public int PairCount => pairCount;

    /// <summary>Records kept in the arena.</summary>
    public int EventCount => arena.Count;

    /// <summary>Approximate bytes held: arena blocks, pair table and index.</summary>
    public long ApproximateBytes => arena.AllocatedBytes + ((long)pairs.Length * Unsafe.SizeOf<PairState>()) + ((long)index.Length * sizeof(int));

    internal bool IsInternal(FlowAddress address) => matcher.IsInternal(address);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OnRecord(in FlowRecord record)
    {
        if (record.Start < since || record.Start >= until)
        {
            Counters.OutsideWindow++;
            return;
        }

        var a = record.Source;
        var b = record.Destination;
        bool sourceIsLocal;
        if (record.Direction == FlowDirection.Egress)
        {
            if (matcher.IsInternal(b))
            {
                Counters.InternalOnly++;
                return;
            }

            sourceIsLocal = true;
        }
        else if (record.Direction == FlowDirection.Ingress)
        {
            if (matcher.IsInternal(a))
            {
                Counters.InternalOnly++;
                return;
            }

            sourceIsLocal = false;
        }
        else
        {
            var ai = matcher.IsInternal(a);
            var bi = matcher.IsInternal(b);
            if (ai == bi)
            {
                if (ai)
                {
                    Counters.InternalOnly++;
                }
                else
                {
                    Counters.ExternalOnly++;
                }

                return;
            }

            sourceIsLocal = ai;
        }

        if (sourceIsLocal != FlowOrientation.SourceInitiated(record.SrcPort, record.DstPort))
        {
            Counters.Inbound++;
            return;
        }

        Counters.Outbound++;
        var key = sourceIsLocal
            ? new PairKey(a.Value, b.Value, record.DstPort, record.Protocol)
            : new PairKey(b.Value, a.Value, record.SrcPort, record.Protocol);
        var start = (uint)record.Start;
        var bytes = sourceIsLocal ? (uint)Math.Min(record.Bytes, uint.MaxValue) : 0u;
        var e = new ConnectionEvent
        {
            Start = start,
            Bytes = bytes,
            Duration = (ushort)Math.Min(record.End - record.Start, ushort.MaxValue),
            LocalPort = sourceIsLocal ? record.SrcPort : record.DstPort,
        };
        Add(key, ref e, sourceIsLocal ? record.Bytes : 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add(in PairKey key, ref ConnectionEvent e, long bytes)
    {
        // A reply usually follows its request: the same pair twice in a row skips the hash look-up.
        int slot;
        if (lastSlot >= 0 && key.Equals(pairs[lastSlot].Key))
        {
            slot = lastSlot;
        }
        else
        {
            slot = Find(in key, e.Start);
            lastSlot = slot;
        }

        ref var p = ref pairs[slot];
        p.Records++;
        p.Bytes += bytes;
        if (e.Start < p.First)
        {
            p.First = e.Start;
        }

        if (e.Start > p.Last)
        {
            p.Last = e.Start;
        }

        // The reply of a connection is logged with the same 5-tuple and start as its request, usually right after it:
        // folded into the request's event here, it costs no memory and no work at scoring (joining would merge them anyway).
        if (p.LastEvent >= 0)
        {
            ref var last = ref arena[p.LastEvent];
            if (last.Start == e.Start && last.LocalPort == e.LocalPort)
            {
                last.Bytes = (uint)Math.Min((ulong)last.Bytes + e.Bytes, uint.MaxValue);
                last.Duration = Math.Max(last.Duration, e.Duration);
                return;
            }
        }

        if (p.Stored < maxEvents)
        {
            e.Pair = slot;
            p.LastEvent = arena.Add(in e);
            p.Stored++;
        }
    }

    /// <summary>
    /// The slot of <paramref name="key"/>, added when new. Linear probing in a power-of-two table kept at most half
    /// full: one multiply-xorshift hash and, nearly always, one comparison, where a dictionary would also keep a
    /// chain and a modulo.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(in PairKey key, uint start)
    {
        var found = Probe(in key, out var cell);
        if (found >= 0)
        {
            return found;
        }

        if (pairCount == pairs.Length)
        {
            Array.Resize(ref pairs, pairs.Length * 2);
        }

        var slot = pairCount++;
        pairs[slot] = new PairState { Key = key, First = start, Last = start, LastEvent = -1 };
        index[cell] = slot + 1;
        if (pairCount * 2 > index.Length)
        {
            Grow();
        }

        return slot;
    }

    private void Grow()
    {
        var grown = new int[index.Length * 2];
        var mask = grown.Length - 1;
        for (var slot = 0; slot < pairCount; slot++)
        {
            var cell = pairs[slot].Key.GetHashCode() & mask;
            while (grown[cell] != 0)
            {
                cell = (cell + 1) & mask;
            }

            grown[cell] = slot + 1;
        }

        index = grown;
    }

    /// <summary>The slot of <paramref name="key"/>, or -1 when this aggregator has not seen it.</summary>
    internal int Lookup(in PairKey key) => Probe(in key, out _);

    /// <summary>The slot of <paramref name="key"/>, or -1 with <paramref name="cell"/> the empty cell where it would go.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Probe(in PairKey key, out int cell)
    {
        var mask = index.Length - 1;
        for (cell = key.GetHashCode() & mask; index[cell] != 0; cell = (cell + 1) & mask)
        {
            if (pairs[index[cell] - 1].Key.Equals(key))
            {
                return index[cell] - 1;
            }
        }

        return -1;
    }

    internal ref PairState Pair(int i) => ref pairs[i];

    internal EventArena Arena => arena;
}
