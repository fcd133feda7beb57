using System.Runtime.InteropServices;
using CloudSniper.Core.Analytics.Internal;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics;

/// <summary>
/// Scores every pair an aggregator collected. Per pair: join records into connections, keep those in the window,
/// gate on unique timestamps, report strobes, compute RITA's four sub-scores, the periodicity score and prevalence,
/// and combine them:
/// <c>score = (0.5 · rita + 0.5 · sustained · (0.5 · periodicity + 0.25 · timestamp + 0.25 · dataSize)) · prevalence</c>,
/// where <c>sustained</c> grows to 1 over the first hour of activity. RITA's histogram and duration judge a pair
/// against the whole window (a beacon that ran only for part of it loses them); the second term judges the series on
/// its own, and the hour of activity it needs keeps short bursts of polling out.
/// </summary>
public static class BeaconAnalyzer
{
    /// <summary>Scores the pairs of <paramref name="aggregator"/>.</summary>
    public static BeaconReport Analyze(FlowAggregator aggregator, BeaconOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        options ??= new BeaconOptions();
        var pairCount = aggregator.PairCount;

        // The window: the data's own span, narrowed by --since/--until and to the longest window allowed.
        uint minT = uint.MaxValue, maxT = 0;
        for (var i = 0; i < pairCount; i++)
        {
            ref var p = ref aggregator.Pair(i);
            minT = Math.Min(minT, p.First);
            maxT = Math.Max(maxT, p.Last);
        }

        if (pairCount == 0)
        {
            minT = maxT = 0;
        }

        long winStart = minT, winEnd = maxT;
        if (options.Since is { } since)
        {
            winStart = Math.Max(winStart, since.ToUnixTimeSeconds());
        }

        if (options.Until is { } until)
        {
            winEnd = Math.Min(winEnd, until.ToUnixTimeSeconds());
        }

        winStart = Math.Max(winStart, winEnd - (long)options.MaxWindow.TotalSeconds);
        if (winEnd <= winStart)
        {
            winEnd = winStart + 1;
        }

        // Prevalence: how many internal hosts talk to each destination.
        var hostsPerDst = new Dictionary<UInt128, int>();
        var seen = new HashSet<(UInt128, UInt128)>();
        var sources = new HashSet<UInt128>();
        var groups = new Dictionary<(UInt128, UInt128), List<int>>();
        for (var i = 0; i < pairCount; i++)
        {
            ref var p = ref aggregator.Pair(i);
            sources.Add(p.Key.Src);
            if (seen.Add((p.Key.Src, p.Key.Dst)))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(hostsPerDst, p.Key.Dst, out _)++;
            }
        }

        seen.Clear();
        var candidates = new List<int>();
        var allowListed = 0;
        for (var i = 0; i < pairCount; i++)
        {
            ref var p = ref aggregator.Pair(i);
            if (options.Allow is { } allow && allow.Contains(new FlowAddress(p.Key.Dst)))
            {
                allowListed++;
                continue;
            }

            if (p.Records >= options.MinUniqueTimestamps && p.Last >= winStart && p.First <= winEnd)
            {
                candidates.Add(i);
            }

            if (options.AcrossPorts)
            {
                ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, (p.Key.Src, p.Key.Dst), out var exists);
                list ??= [];
                list.Add(i);
            }
        }

        var multi = groups.Values.Where(g => g.Count > 1 && g.Sum(i => aggregator.Pair(i).Records) >= options.MinUniqueTimestamps).ToList();
        var context = new Context(aggregator, options, winStart, winEnd, hostsPerDst, sources.Count);
        var perPort = new Beacon?[candidates.Count];
        var acrossPorts = new Beacon?[multi.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken };
        Parallel.For(0, candidates.Count + multi.Count, parallel, () => new Scratch(), (k, _, scratch) =>
        {
            if (k < candidates.Count)
            {
                perPort[k] = context.Score([candidates[k]], scratch, false);
            }
            else
            {
                acrossPorts[k - candidates.Count] = context.Score(multi[k - candidates.Count], scratch, true);
            }

            return scratch;
        }, _ => { });

        var scored = perPort.Concat(acrossPorts).OfType<Beacon>()
            .OrderByDescending(b => b.Score).ThenByDescending(b => b.Connections).ThenBy(b => b.Src).ThenBy(b => b.Dst).ThenBy(b => b.DstPort)
            .ToList();
        var portBeacons = new HashSet<(FlowAddress, FlowAddress)>(scored.Where(b => b.IsBeacon && !b.AcrossPorts).Select(b => (b.Src, b.Dst)));
        var beacons = scored.Where(b => b.IsBeacon && (!b.AcrossPorts || !portBeacons.Contains((b.Src, b.Dst)))).ToList();
        var strobes = scored.Where(b => b.IsStrobe && !b.AcrossPorts).ToList();
        return new BeaconReport
        {
            Scored = scored,
            Beacons = beacons,
            Strobes = strobes,
            Pairs = pairCount,
            ScoredPairs = scored.Count(b => !b.AcrossPorts),
            AllowListed = allowListed,
            InternalHosts = sources.Count,
            WindowStart = DateTimeOffset.FromUnixTimeSeconds(winStart),
            WindowEnd = DateTimeOffset.FromUnixTimeSeconds(winEnd),
            Threshold = options.Threshold,
        };
    }

    /// <summary>
    /// The final score from the sub-scores (see the type's summary); <paramref name="activeSeconds"/> is the time from
    /// the pair's first to its last connection.
    /// </summary>
    public static double Combine(double rita, double periodicity, double timestamp, double dataSize, double activeSeconds, double prevalence)
    {
        var sustained = Math.Clamp(activeSeconds / 3600.0, 0, 1);
        var own = (0.5 * periodicity) + (0.25 * timestamp) + (0.25 * dataSize);
        return RitaScoring.Round3(((0.5 * rita) + (0.5 * sustained * own)) * prevalence);
    }

    /// <summary>
    /// The prevalence factor: 1 for a destination only one internal host talks to, falling by 2.5 times the share of
    /// the other hosts that talk to it, to 0 once 40 % of the fleet does (a fleet-wide agent).
    /// </summary>
    public static double PrevalenceFactor(int hosts, int allHosts)
    {
        if (hosts <= 1 || allHosts <= 0)
        {
            return 1.0;
        }

        return Math.Clamp(1.0 - (2.5 * (hosts - 1) / allHosts), 0, 1);
    }

    private sealed class Scratch
    {
        public List<ConnectionEvent> Events { get; } = [];

        public List<Connection> Connections { get; } = [];
    }

    private sealed class Context(FlowAggregator aggregator, BeaconOptions options, long winStart, long winEnd, Dictionary<UInt128, int> hostsPerDst, int allHosts)
    {
        public Beacon? Score(IReadOnlyList<int> pairIndices, Scratch scratch, bool acrossPorts)
        {
            var connections = scratch.Connections;
            connections.Clear();
            long records = 0;
            var portCounts = new Dictionary<(int Port, int Protocol), int>();
            foreach (var i in pairIndices)
            {
                ref var p = ref aggregator.Pair(i);
                scratch.Events.Clear();
                aggregator.Gather(i, scratch.Events);
                var before = connections.Count;
                ConnectionJoiner.Join(scratch.Events, p.Key.Port, p.Key.Protocol, options.JoinGapSeconds, connections);
                portCounts[(p.Key.Port, p.Key.Protocol)] = connections.Count - before;
                records += p.Records;
            }

            // Keep the connections that start inside the window.
            connections.RemoveAll(c => c.Start < winStart || c.Start > winEnd);
            if (connections.Count < options.MinUniqueTimestamps)
            {
                return null;
            }

            var span = CollectionsMarshal.AsSpan(connections);
            span.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            var unique = new List<uint>(span.Length);
            var bytes = new double[span.Length];
            long totalBytes = 0;
            for (var i = 0; i < span.Length; i++)
            {
                bytes[i] = span[i].Bytes;
                totalBytes += span[i].Bytes;
                if (unique.Count == 0 || unique[^1] != span[i].Start)
                {
                    unique.Add(span[i].Start);
                }
            }

            if (unique.Count < options.MinUniqueTimestamps)
            {
                return null;
            }

            var key = aggregator.Pair(pairIndices[0]).Key;
            var main = portCounts.MaxBy(kv => kv.Value).Key;
            var hosts = hostsPerDst.GetValueOrDefault(key.Dst);
            var first = span[0].Start;
            var last = span[^1].Start;
            var beacon = new Beacon
            {
                Src = new FlowAddress(key.Src),
                Dst = new FlowAddress(key.Dst),
                DstPort = main.Port,
                Protocol = main.Protocol,
                AcrossPorts = acrossPorts,
                Ports = [.. portCounts.Keys.Select(k => k.Port).Distinct().Order()],
                Connections = span.Length,
                UniqueTimestamps = unique.Count,
                Records = records,
                Bytes = totalBytes,
                FirstSeen = DateTimeOffset.FromUnixTimeSeconds(first),
                LastSeen = DateTimeOffset.FromUnixTimeSeconds(last),
                Prevalence = hosts,
                PrevalenceShare = allHosts == 0 ? 0 : (double)hosts / allHosts,
            };

            if (MaxConnectionsPerDay(span) >= options.StrobeConnectionsPerDay)
            {
                return beacon with { IsStrobe = true };
            }

            var ts = CollectionsMarshal.AsSpan(unique);
            var timestamp = RitaScoring.Timestamp(ts)?.Score ?? 0;
            var dataSize = RitaScoring.DataSize(bytes)?.Score ?? 0;
            var histogram = RitaScoring.Histogram(winStart, winEnd, ts);
            var duration = RitaScoring.Duration(winStart, winEnd, first, last, histogram.TotalBars, histogram.LongestRun);
            var rita = RitaScoring.Combine(timestamp, dataSize, histogram.Score, duration);
            var periodicity = Periodicity.Score(ts);
            var prevalence = PrevalenceFactor(hosts, allHosts);
            var score = Combine(rita, periodicity.Score, timestamp, dataSize, last - first, prevalence);
            var isBeacon = score >= options.Threshold;
            return beacon with
            {
                Score = score,
                IsBeacon = isBeacon,
                RitaScore = rita,
                TimestampScore = timestamp,
                DataSizeScore = dataSize,
                HistogramScore = histogram.Score,
                DurationScore = duration,
                PeriodicityScore = periodicity.Score,
                Period = Math.Round(periodicity.Period, 1),
                PrevalenceScore = Math.Round(prevalence, 3),
                Timestamps = isBeacon ? unique : [],
            };
        }

        private static int MaxConnectionsPerDay(ReadOnlySpan<Connection> sorted)
        {
            var best = 0;
            var lo = 0;
            for (var hi = 0; hi < sorted.Length; hi++)
            {
                while (sorted[hi].Start - sorted[lo].Start >= 86_400)
                {
                    lo++;
                }

                best = Math.Max(best, hi - lo + 1);
            }

            return best;
        }
    }
}
