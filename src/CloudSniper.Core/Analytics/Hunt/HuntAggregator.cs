using CloudSniper.Core.Analytics.Internal;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics.Hunt;

/// <summary>
/// Collects every record in which a known indicator appears, per (internal host, indicator, indicator port, protocol,
/// direction). One aggregator per reading worker; <see cref="Merge"/> joins them and <see cref="Results"/> reports.
/// </summary>
public sealed class HuntAggregator(IocMatcher iocs, FlowAggregatorOptions? options = null) : IFlowRecordSink
{
    private readonly Dictionary<(UInt128 Host, int Ioc, ushort Port, byte Protocol, bool Outbound), Entry> entries = [];
    private readonly long since = options?.Since?.ToUnixTimeSeconds() ?? long.MinValue;
    private readonly long until = options?.Until?.ToUnixTimeSeconds() ?? long.MaxValue;

    /// <summary>Records that matched an indicator.</summary>
    public long Matched { get; private set; }

    /// <inheritdoc />
    public void OnRecord(in FlowRecord record)
    {
        if (record.Start < since || record.Start >= until)
        {
            return;
        }

        var src = record.Source;
        var dst = record.Destination;
        bool iocIsDestination;
        var ioc = iocs.Match(dst);
        if (ioc >= 0)
        {
            iocIsDestination = true;
        }
        else
        {
            ioc = iocs.Match(src);
            if (ioc < 0)
            {
                return;
            }

            iocIsDestination = false;
        }

        Matched++;
        var host = iocIsDestination ? src : dst;
        var remote = iocIsDestination ? dst : src;
        var iocPort = iocIsDestination ? record.DstPort : record.SrcPort;
        var hostPort = iocIsDestination ? record.SrcPort : record.DstPort;

        // The host opened the connection when its side is the less service-like port (see FlowOrientation).
        var outbound = iocIsDestination == FlowOrientation.SourceInitiated(record.SrcPort, record.DstPort);
        var key = (host.Value, ioc, iocPort, record.Protocol, outbound);
        if (!entries.TryGetValue(key, out var e))
        {
            e = new Entry { First = record.Start, Last = record.Start };
            entries[key] = e;
        }

        e.Records++;
        e.First = Math.Min(e.First, record.Start);
        e.Last = Math.Max(e.Last, record.Start);
        if (iocIsDestination)
        {
            e.BytesOut += record.Bytes;
        }
        else
        {
            e.BytesIn += record.Bytes;
        }

        if (record.Action == FlowAction.Reject)
        {
            e.Rejected++;
        }

        e.Remotes.Add(remote.Value);
        e.Events.Add(new ConnectionEvent { Start = (uint)record.Start, Duration = (ushort)Math.Min(record.End - record.Start, ushort.MaxValue), LocalPort = hostPort });
    }

    /// <summary>Moves <paramref name="other"/>'s matches into this aggregator.</summary>
    public void Merge(HuntAggregator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Matched += other.Matched;
        foreach (var (key, o) in other.entries)
        {
            if (!entries.TryGetValue(key, out var e))
            {
                entries[key] = o;
                continue;
            }

            e.Records += o.Records;
            e.BytesOut += o.BytesOut;
            e.BytesIn += o.BytesIn;
            e.Rejected += o.Rejected;
            e.First = Math.Min(e.First, o.First);
            e.Last = Math.Max(e.Last, o.Last);
            e.Remotes.UnionWith(o.Remotes);
            e.Events.AddRange(o.Events);
        }
    }

    /// <summary>
    /// One row per (host, indicator, port, protocol, direction), most connections first; records are joined into
    /// connections as the beacon analysis joins them (<paramref name="options"/>' join gaps, default its own).
    /// </summary>
    public IReadOnlyList<HuntSighting> Results(BeaconOptions? options = null)
    {
        options ??= new BeaconOptions();
        var joiner = new ConnectionJoiner();
        var rows = new List<HuntSighting>(entries.Count);
        foreach (var (key, e) in entries)
        {
            joiner.Clear();
            joiner.Join(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(e.Events), options.JoinGapFor(key.Protocol));
            rows.Add(new HuntSighting
            {
                Src = new FlowAddress(key.Host).ToString(),
                Dst = iocs.Values[key.Ioc],
                DstPort = key.Port,
                Protocol = key.Protocol,
                Direction = key.Outbound ? "outbound" : "inbound",
                FirstSeen = DateTimeOffset.FromUnixTimeSeconds(e.First),
                LastSeen = DateTimeOffset.FromUnixTimeSeconds(e.Last),
                Connections = joiner.Count,
                Bytes = e.BytesOut + e.BytesIn,
                BytesOut = e.BytesOut,
                BytesIn = e.BytesIn,
                Records = e.Records,
                Rejected = e.Rejected,
                Addresses = e.Remotes.Count,
            });
        }

        return [.. rows.OrderByDescending(r => r.Connections).ThenBy(r => r.Src, StringComparer.Ordinal).ThenBy(r => r.Dst, StringComparer.Ordinal).ThenBy(r => r.DstPort)];
    }

    private sealed class Entry
    {
        public long Records;
        public long BytesOut;
        public long BytesIn;
        public long Rejected;
        public long First;
        public long Last;
        public HashSet<UInt128> Remotes { get; } = [];
        public List<ConnectionEvent> Events { get; } = [];
    }
}
