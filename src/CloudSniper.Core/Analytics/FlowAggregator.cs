using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    private readonly Dictionary<PairKey, int> index = [];
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
    public long ApproximateBytes => arena.AllocatedBytes + ((long)pairs.Length * Unsafe.SizeOf<PairState>()) + ((long)index.Count * 64);

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
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(index, key, out var exists);
            if (!exists)
            {
                if (pairCount == pairs.Length)
                {
                    Array.Resize(ref pairs, pairs.Length * 2);
                }

                entry = pairCount;
                pairs[pairCount++] = new PairState { Key = key, First = e.Start, Last = e.Start, LastEvent = -1 };
            }

            slot = entry;
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

    internal ref PairState Pair(int i) => ref pairs[i];

    internal EventArena Arena => arena;
}
