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
    /// <summary>Scores the pairs of one aggregator.</summary>
    public static BeaconReport Analyze(FlowAggregator aggregator, BeaconOptions? options = null, CancellationToken cancellationToken = default) =>
        Analyze(FlowPairs.Build([aggregator]), options, cancellationToken);

    /// <summary>Scores every pair of <paramref name="aggregator"/>.</summary>
    public static BeaconReport Analyze(FlowPairs aggregator, BeaconOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        options ??= new BeaconOptions();
        var pairCount = aggregator.PairCount;

        // The window: the data's own span, narrowed by --since/--until and to the longest window allowed.
        uint minT = uint.MaxValue, maxT = 0;
        for (var i = 0; i < pairCount; i++)
        {
            ref var p = ref aggregator.Pairs[i];
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

        // Pairs ordered by (source, destination): each run is one host talking to one destination, which gives the
        // prevalence counts and the across-port groups without a set or a list per group.
        var order = new int[pairCount];
        for (var i = 0; i < pairCount; i++)
        {
            order[i] = i;
        }

        var pairsTable = aggregator.Pairs;
        Array.Sort(order, (a, b) =>
        {
            var c = pairsTable[a].Key.Src.CompareTo(pairsTable[b].Key.Src);
            return c != 0 ? c : pairsTable[a].Key.Dst.CompareTo(pairsTable[b].Key.Dst);
        });
        var hostsPerDst = new Dictionary<UInt128, int>();
        var runs = new List<ArraySegment<int>>();
        var sourceCount = 0;
        for (var r = 0; r < pairCount;)
        {
            ref var first = ref pairsTable[order[r]];
            var end = r + 1;
            while (end < pairCount && pairsTable[order[end]].Key.Src == first.Key.Src && pairsTable[order[end]].Key.Dst == first.Key.Dst)
            {
                end++;
            }

            if (r == 0 || pairsTable[order[r - 1]].Key.Src != first.Key.Src)
            {
                sourceCount++;
            }

            CollectionsMarshal.GetValueRefOrAddDefault(hostsPerDst, first.Key.Dst, out _)++;
            runs.Add(new ArraySegment<int>(order, r, end - r));
            r = end;
        }

        var candidates = new List<int>();
        var multi = new List<ArraySegment<int>>();
        var allowListed = 0;
        foreach (var run in runs)
        {
            var dst = pairsTable[run[0]].Key.Dst;
            if (options.Allow is { } allow && allow.Contains(new FlowAddress(dst)))
            {
                allowListed += run.Count;
                continue;
            }

            long records = 0;
            foreach (var i in run)
            {
                ref var p = ref pairsTable[i];
                records += p.Records;
                if (p.Records >= options.MinUniqueTimestamps && p.Last >= winStart && p.First <= winEnd && MayHaveUniqueStarts(aggregator.EventsOf(i), options.MinUniqueTimestamps))
                {
                    candidates.Add(i);
                }
            }

            if (options.AcrossPorts && run.Count > 1 && records >= options.MinUniqueTimestamps)
            {
                multi.Add(run);
            }
        }

        var context = new Context(aggregator, options, winStart, winEnd, hostsPerDst, sourceCount);
        var perPort = new Beacon?[candidates.Count];
        var acrossPorts = new Beacon?[multi.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken };
        var total = candidates.Count + multi.Count;
        var ranges = System.Collections.Concurrent.Partitioner.Create(0, Math.Max(total, 1), Math.Max(64, total / (64 * parallel.MaxDegreeOfParallelism)));
        Parallel.ForEach(ranges, parallel, () => new Scratch(), (range, _, scratch) =>
        {
            for (var k = range.Item1; k < Math.Min(range.Item2, total); k++)
            {
                if (k < candidates.Count)
                {
                    scratch.One[0] = candidates[k];
                    perPort[k] = context.Score(new ArraySegment<int>(scratch.One), scratch, false);
                }
                else
                {
                    acrossPorts[k - candidates.Count] = context.Score(multi[k - candidates.Count], scratch, true);
                }
            }

            return scratch;
        }, _ => { });

        var scored = perPort.Concat(acrossPorts).OfType<Beacon>()
            .OrderByDescending(b => b.Score).ThenByDescending(b => b.Connections).ThenBy(b => b.Src).ThenBy(b => b.Dst).ThenBy(b => b.DstPort)
            .ToList();
        // One (source, destination) is reported across its ports when that scores at least as well as its best port,
        // so that a beacon rotating ports is one row; otherwise each of its beaconing ports is.
        var bestPort = new Dictionary<(FlowAddress, FlowAddress), double>();
        foreach (var b in scored.Where(b => b.IsBeacon && !b.AcrossPorts))
        {
            bestPort[(b.Src, b.Dst)] = Math.Max(bestPort.GetValueOrDefault((b.Src, b.Dst)), b.Score);
        }

        var acrossWins = scored.Where(b => b.IsBeacon && b.AcrossPorts && b.Score >= bestPort.GetValueOrDefault((b.Src, b.Dst))).Select(b => (b.Src, b.Dst)).ToHashSet();
        var beacons = scored.Where(b => b.IsBeacon && b.AcrossPorts == acrossWins.Contains((b.Src, b.Dst))).ToList();
        var strobes = scored.Where(b => b.IsStrobe && !b.AcrossPorts).ToList();
        return new BeaconReport
        {
            Scored = scored,
            Beacons = beacons,
            Strobes = strobes,
            Pairs = pairCount,
            ScoredPairs = scored.Count(b => !b.AcrossPorts),
            AllowListed = allowListed,
            InternalHosts = sourceCount,
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

    /// <summary>
    /// A cheap gate before joining: changes of start time in arrival order over-count unique starts (a record and its
    /// reply share one), so fewer than <paramref name="needed"/> means the pair cannot be scored.
    /// </summary>
    private static bool MayHaveUniqueStarts(ReadOnlySpan<ConnectionEvent> events, int needed)
    {
        var changes = 0;
        uint previous = uint.MaxValue;
        foreach (ref readonly var e in events)
        {
            if (e.Start != previous)
            {
                previous = e.Start;
                if (++changes >= needed)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed class Scratch
    {
        public ConnectionEvent[] Events { get; private set; } = new ConnectionEvent[256];

        public List<Connection> Connections { get; } = [];

        public int[] One { get; } = new int[1];

        public List<uint> Unique { get; } = [];

        public double[] A { get; private set; } = new double[256];

        public double[] B { get; private set; } = new double[256];

        public int[] Bins { get; } = new int[RitaScoring.HistogramBins];

        public Span<ConnectionEvent> EventRoom(int n)
        {
            if (Events.Length < n)
            {
                Events = new ConnectionEvent[Math.Max(n, Events.Length * 2)];
            }

            return Events.AsSpan(0, n);
        }

        public ulong[] Keys64 { get; private set; } = new ulong[256];

        public ulong[] Scratch64 { get; private set; } = new ulong[256];

        public uint[] Keys32 { get; private set; } = new uint[256];

        public uint[] Scratch32 { get; private set; } = new uint[256];

        public void Room(int n)
        {
            if (A.Length < n)
            {
                var size = Math.Max(n, A.Length * 2);
                A = new double[size];
                B = new double[size];
                Keys64 = new ulong[size];
                Scratch64 = new ulong[size];
                Keys32 = new uint[size];
                Scratch32 = new uint[size];
            }
        }
    }

    private readonly struct ByStart : IComparer<Connection>
    {
        public int Compare(Connection x, Connection y) => x.Start.CompareTo(y.Start);
    }

    private sealed class Context(FlowPairs aggregator, BeaconOptions options, long winStart, long winEnd, Dictionary<UInt128, int> hostsPerDst, int allHosts)
    {
        public Beacon? Score(ArraySegment<int> pairIndices, Scratch scratch, bool acrossPorts)
        {
            var connections = scratch.Connections;
            connections.Clear();
            long records = 0;
            var mainPort = 0;
            var mainProtocol = 0;
            var mainCount = -1;
            var ports = acrossPorts ? new SortedSet<int>() : null;
            foreach (var i in pairIndices)
            {
                ref var p = ref aggregator.Pairs[i];
                var source = aggregator.EventsOf(i);
                var events = scratch.EventRoom(source.Length);
                source.CopyTo(events);
                var before = connections.Count;
                ConnectionJoiner.Join(events, p.Key.Port, p.Key.Protocol, options.JoinGapSeconds, connections);
                if (connections.Count - before > mainCount)
                {
                    mainCount = connections.Count - before;
                    mainPort = p.Key.Port;
                    mainProtocol = p.Key.Protocol;
                }

                ports?.Add(p.Key.Port);
                records += p.Records;
            }

            // Keep the connections that start inside the window.
            var span = CollectionsMarshal.AsSpan(connections);
            var kept = 0;
            for (var i = 0; i < span.Length; i++)
            {
                if (span[i].Start >= winStart && span[i].Start <= winEnd)
                {
                    span[kept++] = span[i];
                }
            }

            if (kept < options.MinUniqueTimestamps)
            {
                return null;
            }

            span = span[..kept];
            if (acrossPorts)
            {
                span.Sort(default(ByStart));
            }

            var unique = scratch.Unique;
            unique.Clear();
            scratch.Room(kept);
            var byteKeys = scratch.Keys64.AsSpan(0, kept);
            long totalBytes = 0;
            for (var i = 0; i < span.Length; i++)
            {
                byteKeys[i] = (ulong)span[i].Bytes;
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

            var key = aggregator.Pairs[pairIndices[0]].Key;
            var hosts = hostsPerDst.GetValueOrDefault(key.Dst);
            var first = span[0].Start;
            var last = span[^1].Start;
            var beacon = new Beacon
            {
                Src = new FlowAddress(key.Src),
                Dst = new FlowAddress(key.Dst),
                DstPort = mainPort,
                Protocol = mainProtocol,
                AcrossPorts = acrossPorts,
                Ports = ports is null ? [key.Port] : [.. ports],
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

            // Bytes and gaps are integers: sorted as such, then widened, they are the same sorted doubles.
            RadixSort.Sort(byteKeys, scratch.Scratch64);
            var bytes = scratch.A.AsSpan(0, kept);
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = byteKeys[i];
            }

            var dataSize = RitaScoring.Statistical(bytes, 0.0).Score;
            var ts = CollectionsMarshal.AsSpan(unique);
            var gaps = SortedGaps(ts, scratch);
            var timestamp = RitaScoring.TimestampOfSortedGaps(gaps)?.Score ?? 0;
            var (cv, bimodal, totalBars, longestRun) = RitaScoring.HistogramCore(winStart, winEnd, ts, scratch.Bins);
            var histogram = Math.Max(cv, bimodal);
            var duration = RitaScoring.Duration(winStart, winEnd, first, last, totalBars, longestRun);
            var rita = RitaScoring.Combine(timestamp, dataSize, histogram, duration);
            var periodicity = Periodicity.ScoreSortedGaps(gaps);
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
                HistogramScore = histogram,
                DurationScore = duration,
                PeriodicityScore = periodicity.Score,
                Period = Math.Round(periodicity.Period, 1),
                PrevalenceScore = Math.Round(prevalence, 3),
                Timestamps = isBeacon ? [.. unique] : [],
            };
        }

        /// <summary>The gaps between sorted unique timestamps (all positive), sorted, in the scratch's doubles.</summary>
        private static Span<double> SortedGaps(ReadOnlySpan<uint> sortedUnique, Scratch scratch)
        {
            if (sortedUnique.Length < 2)
            {
                return [];
            }

            var keys = scratch.Keys32.AsSpan(0, sortedUnique.Length - 1);
            for (var i = 1; i < sortedUnique.Length; i++)
            {
                keys[i - 1] = sortedUnique[i] - sortedUnique[i - 1];
            }

            RadixSort.Sort(keys, scratch.Scratch32);
            var gaps = scratch.B.AsSpan(0, keys.Length);
            for (var i = 0; i < keys.Length; i++)
            {
                gaps[i] = keys[i];
            }

            return gaps;
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
