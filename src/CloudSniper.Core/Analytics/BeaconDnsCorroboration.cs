using CloudSniper.Core.Dns;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics;

/// <summary>
/// Raises the score of a flow-log pair whose destination a DNS detection of the same source resolved to (an A or AAAA
/// answer of its queries): two independent channels pointing at one host are stronger than either. The score moves
/// <see cref="Weight"/> of the way to 1 (0.6 becomes 0.8), so a weak pair stays below a strong one.
/// </summary>
public static class BeaconDnsCorroboration
{
    /// <summary>The share of the distance to 1 that a corroborating DNS detection adds.</summary>
    public const double Weight = 0.5;

    /// <summary>
    /// The report with corroborated rows raised (and judged again against its threshold), ranked again; a per-port row
    /// that now reaches the threshold joins the beacons unless its (source, destination) is there already.
    /// </summary>
    public static BeaconReport Apply(BeaconReport report, IReadOnlyList<DnsDetection> detections)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(detections);
        var resolved = new Dictionary<(FlowAddress Src, FlowAddress Dst), string>();
        foreach (var d in detections.OrderByDescending(d => d.Score))
        {
            foreach (var source in d.Sources)
            {
                if (!FlowAddress.TryParse(source, out var src))
                {
                    continue;
                }

                foreach (var address in d.ResolvedAddresses)
                {
                    if (FlowAddress.TryParse(address, out var dst))
                    {
                        resolved.TryAdd((src, dst), d.Domain);
                    }
                }
            }
        }

        if (resolved.Count == 0)
        {
            return report;
        }

        var raised = new Dictionary<Beacon, Beacon>(ReferenceEqualityComparer.Instance);
        Beacon Raise(Beacon b)
        {
            if (raised.TryGetValue(b, out var done))
            {
                return done;
            }

            if (b.IsStrobe || !resolved.TryGetValue((b.Src, b.Dst), out var domain))
            {
                return raised[b] = b;
            }

            var score = RitaScoring.Round3(b.Score + ((1 - b.Score) * Weight));
            return raised[b] = b with { Score = score, IsBeacon = score >= report.Threshold, DnsDomain = domain };
        }

        var scored = report.Scored.Select(Raise).ToList();
        var beacons = report.Beacons.Select(Raise).ToList();
        var pairs = beacons.Select(b => (b.Src, b.Dst)).ToHashSet();
        foreach (var b in scored)
        {
            if (b.IsBeacon && b.DnsDomain is not null && !b.AcrossPorts && pairs.Add((b.Src, b.Dst)))
            {
                beacons.Add(b);
            }
        }

        static int Rank(Beacon a, Beacon b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Src != b.Src ? a.Src.CompareTo(b.Src) : a.Dst != b.Dst ? a.Dst.CompareTo(b.Dst) : a.DstPort.CompareTo(b.DstPort);
        scored.Sort(Rank);
        beacons.Sort(Rank);
        return report with { Scored = scored, Beacons = beacons };
    }
}
