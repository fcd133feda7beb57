using System.Runtime.CompilerServices;
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
    /// <summary>
    /// Compiles the scoring code ahead of use by scoring a small built-in series (a beacon on one port, chatter over
    /// several, a UDP flow). The runtime compiles each method at its first call, on the thread that makes it: run this
    /// on a spare thread while the flow logs are read, and the analysis of the real pairs starts with its code ready
    /// instead of compiling it on the critical path. Returns the built-in series' report, which nothing needs to keep.
    /// </summary>
    public static BeaconReport Prepare()
    {
        var aggregator = new FlowAggregator();
        var rng = new Random(1);
        var host = FlowAddress.FromV4(0x0A00_0001);
        for (var i = 0; i < 60; i++)
        {
            var start = 1_700_000_000L + (i * 300) + rng.Next(30);
            Add(aggregator, host, FlowAddress.FromV4(0xC633_6401), 443, 6, start, 400 + rng.Next(50));
            Add(aggregator, host, FlowAddress.FromV4(0xC633_6402), (ushort)(8000 + (i % 5)), 6, start + rng.Next(9_000), rng.Next(100, 90_000));
            Add(aggregator, FlowAddress.FromV4(0x0A00_0002), FlowAddress.FromV4(0xC633_6403), 53, 17, start + (i * 7), 80);
        }

        return Analyze(aggregator, new BeaconOptions { Parallelism = 1, Threshold = 0 });
    }

    private static void Add(FlowAggregator aggregator, FlowAddress src, FlowAddress dst, ushort port, byte protocol, long start, long bytes)
    {
        var record = new FlowRecord
        {
            Version = 2,
            SrcAddr = src,
            DstAddr = dst,
            SrcPort = (ushort)(40_000 + (start % 20_000)),
            DstPort = port,
            Protocol = protocol,
            Packets = 1,
            Bytes = bytes,
            Start = start,
            End = start + 1,
            Action = FlowAction.Accept,
            LogStatus = FlowLogStatus.Ok,
            TcpFlags = -1,
        };
        aggregator.OnRecord(in record);
    }

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

        // Pairs come ordered by (source, destination): each run is one host talking to one destination, which gives
        // the prevalence counts and the across-port groups without a set or a list per group. Candidates (pairs scored
        // on their own) and across-port groups are numbered in run order, which is the order of the rows before
        // ranking; a run with either is scored as one piece of work, its pairs joined once.
        var pairsTable = aggregator.Pairs;
        var hostsPerDst = new Dictionary<UInt128, int>();
        var sourceCount = 0;
        var candidates = new List<int>();
        var work = new List<RunWork>();
        var workDst = new List<UInt128>();
        var multiCount = 0;
        var allowListed = 0;
        for (var r = 0; r < pairCount;)
        {
            ref readonly var key = ref pairsTable[r].Key;
            var end = r + 1;
            while (end < pairCount && pairsTable[end].Key.Src == key.Src && pairsTable[end].Key.Dst == key.Dst)
            {
                end++;
            }

            if (r == 0 || pairsTable[r - 1].Key.Src != key.Src)
            {
                sourceCount++;
            }

            var start = r;
            var length = end - r;
            r = end;
            var dst = key.Dst;
            CollectionsMarshal.GetValueRefOrAddDefault(hostsPerDst, dst, out _)++;
            if (options.Allow is { } allow && allow.Contains(new FlowAddress(dst)))
            {
                allowListed += length;
                continue;
            }

            long records = 0;
            var firstCandidate = candidates.Count;
            for (var i = start; i < end; i++)
            {
                ref var p = ref pairsTable[i];
                records += p.Records;
                // The check on its records' starts waits until the pair is scored, when they are read anyway.
                if (p.Records >= options.MinUniqueTimestamps && p.Last >= winStart && p.First <= winEnd)
                {
                    candidates.Add(i);
                }
            }

            var multi = options.AcrossPorts && length > 1 && records >= options.MinUniqueTimestamps ? multiCount++ : -1;
            if (candidates.Count > firstCandidate || multi >= 0)
            {
                work.Add(new RunWork(start, length, firstCandidate, candidates.Count - firstCandidate, multi));
                workDst.Add(dst);
            }
        }

        // Looked up together rather than one per run amid the scoring, whose data would push the table out of cache.
        var hosts = new int[work.Count];
        for (var k = 0; k < hosts.Length; k++)
        {
            hosts[k] = hostsPerDst[workDst[k]];
        }

        var perPort = new Beacon?[candidates.Count];
        var acrossPorts = new Beacon?[multiCount];
        var acrossWins = new bool[multiCount];
        var rankKeys = new RankKey[candidates.Count + multiCount];
        var context = new Context(aggregator, options, winStart, winEnd, sourceCount, candidates, perPort, acrossPorts, acrossWins, rankKeys);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism), CancellationToken = cancellationToken };
        var ranges = System.Collections.Concurrent.Partitioner.Create(0, Math.Max(work.Count, 1), Math.Max(16, work.Count / (64 * parallel.MaxDegreeOfParallelism)));
        Parallel.ForEach(ranges, parallel, () => new Scratch(), (range, _, scratch) =>
        {
            for (var k = range.Item1; k < Math.Min(range.Item2, work.Count); k++)
            {
                context.ScoreRun(work[k], hosts[k], scratch);
            }

            return scratch;
        }, _ => { });

        var (scored, beacons, strobes, portRows) = Rank(perPort, acrossPorts, acrossWins, rankKeys, RunOfCandidates(work, candidates.Count));
        return new BeaconReport
        {
            Scored = scored,
            Beacons = beacons,
            Strobes = strobes,
            Pairs = pairCount,
            ScoredPairs = portRows,
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>The across-ports row number (-1 for none) of each candidate's run.</summary>
    private static int[] RunOfCandidates(List<RunWork> work, int candidates)
    {
        var multi = new int[candidates];
        foreach (var run in work)
        {
            multi.AsSpan(run.FirstCandidate, run.CandidateCount).Fill(run.Multi);
        }

        return multi;
    }

    /// <summary>
    /// The scored rows, highest score first, then most connections, source, destination and port; rows equal in all
    /// of these keep their order (each pair's row before the across-ports rows, in run order), as a stable sort would.
    /// With them, in the same order, the beacons reported (a (source, destination) across its ports when that row
    /// won, see <see cref="Context.ScoreRun"/>, else its beaconing ports), the strobes (ports only) and how many rows
    /// are of single ports.
    /// </summary>
    private static (List<Beacon> Scored, List<Beacon> Beacons, List<Beacon> Strobes, int PortRows) Rank(
        Beacon?[] perPort, Beacon?[] acrossPorts, bool[] acrossWins, RankKey[] keys, int[] runOfCandidate)
    {
        // Keys of the rows there are, in row order (each pair's row, then the across-ports rows).
        var n = 0;
        for (var k = 0; k < perPort.Length; k++)
        {
            if (perPort[k] is not null)
            {
                keys[n++] = keys[k];
            }
        }

        var portRows = n;
        for (var m = 0; m < acrossPorts.Length; m++)
        {
            if (acrossPorts[m] is not null)
            {
                keys[n++] = keys[perPort.Length + m];
            }
        }

        // The position breaks every tie, so the order is total and any sort gives it.
        var ranking = keys.AsSpan(0, n);
        ranking.Sort();
        var ranked = new List<Beacon>(n);
        var beacons = new List<Beacon>();
        var strobes = new List<Beacon>();
        foreach (ref readonly var key in ranking)
        {
            var position = key.Position;
            var isPort = position < perPort.Length;
            var b = isPort ? perPort[position]! : acrossPorts[position - perPort.Length]!;
            ranked.Add(b);
            var reported = isPort
                ? runOfCandidate[position] < 0 || !acrossWins[runOfCandidate[position]]
                : acrossWins[position - perPort.Length];
            if (key.IsBeacon && reported)
            {
                beacons.Add(b);
            }

            if (key.IsStrobe && isPort)
            {
                strobes.Add(b);
            }
        }

        return (ranked, beacons, strobes, portRows);
    }

    /// <summary>
    /// One (source, destination) run to score: <paramref name="Length"/> pairs from <paramref name="Start"/>, its
    /// candidates from <paramref name="FirstCandidate"/> and its across-ports row number (-1 for none).
    /// </summary>
    private readonly record struct RunWork(int Start, int Length, int FirstCandidate, int CandidateCount, int Multi);

    /// <summary>
    /// A row's ranking fields, copied when the row is scored (while it is in cache), so that ranking compares and
    /// sorts them without touching the rows. <see cref="Position"/> is the row's place among each pair's rows
    /// followed by the across-ports rows.
    /// </summary>
    private readonly struct RankKey(Beacon b, int position) : IComparable<RankKey>
    {
        private readonly double score = b.Score;
        private readonly UInt128 src = b.Src.Value;
        private readonly UInt128 dst = b.Dst.Value;
        private readonly int connections = b.Connections;
        private readonly int port = b.DstPort;

        public int Position { get; } = position;

        public bool IsBeacon { get; } = b.IsBeacon;

        public bool IsStrobe { get; } = b.IsStrobe;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int CompareTo(RankKey other)
        {
            // Score and connections descending, the rest ascending.
            var c = other.score.CompareTo(score);
            if (c != 0)
            {
                return c;
            }

            c = other.connections.CompareTo(connections);
            if (c != 0)
            {
                return c;
            }

            c = src.CompareTo(other.src);
            if (c != 0)
            {
                return c;
            }

            c = dst.CompareTo(other.dst);
            if (c != 0)
            {
                return c;
            }

            c = port.CompareTo(other.port);
            return c != 0 ? c : Position.CompareTo(other.Position);
        }
    }

    /// <summary>What one scoring thread reuses from pair to pair.</summary>
    private sealed class Scratch
    {
        public ConnectionJoiner Joiner { get; } = new();

        public List<int> Ports { get; } = [];

        /// <summary>Start times of the connections kept, sorted.</summary>
        public uint[] Starts { get; private set; } = new uint[256];

        /// <summary>The distinct start times.</summary>
        public uint[] Unique { get; private set; } = new uint[256];

        /// <summary>Bytes of the connections kept, then sorted.</summary>
        public ulong[] Bytes { get; private set; } = new ulong[256];

        /// <summary>Room for the radix sorts of 64-bit keys.</summary>
        public ulong[] Scratch64 { get; private set; } = new ulong[256];

        /// <summary>Room for the radix sorts of 32-bit keys.</summary>
        public uint[] Scratch32 { get; private set; } = new uint[256];

        /// <summary>Gaps between the distinct start times, then sorted.</summary>
        public uint[] Gaps { get; private set; } = new uint[256];

        /// <summary>The sorted bytes as doubles, for the statistics.</summary>
        public double[] A { get; private set; } = new double[256];

        /// <summary>The sorted gaps as doubles, for the statistics.</summary>
        public double[] B { get; private set; } = new double[256];

        public int[] Bins { get; } = new int[RitaScoring.HistogramBins];

        public void Room(int n)
        {
            if (Starts.Length < n)
            {
                var size = Math.Max(n, Starts.Length * 2);
                Starts = new uint[size];
                Unique = new uint[size];
                Bytes = new ulong[size];
                Scratch64 = new ulong[size];
                Scratch32 = new uint[size];
                Gaps = new uint[size];
                A = new double[size];
                B = new double[size];
            }
        }
    }

    /// <summary>The sub-scores of a pair that is not a strobe (all zero for one).</summary>
    private readonly record struct Scores(
        double Score, bool IsBeacon, double Rita, double Timestamp, double DataSize, double Histogram, double Duration, double Periodicity, double Period, double Prevalence);

    private sealed class Context(
        FlowPairs aggregator,
        BeaconOptions options,
        long winStart,
        long winEnd,
        int allHosts,
        List<int> candidates,
        Beacon?[] perPort,
        Beacon?[] acrossPorts,
        bool[] acrossWins,
        RankKey[] rankKeys)
    {
        /// <summary>
        /// Joins the pairs of one run once: each candidate is scored from its own connections as it is joined, and the
        /// run across its ports from all of them. <paramref name="hosts"/>: the internal hosts talking to its destination.
        /// </summary>
        public void ScoreRun(RunWork run, int hosts, Scratch scratch)
        {
            var joiner = scratch.Joiner;
            joiner.Clear();
            var next = run.FirstCandidate;
            var end = run.FirstCandidate + run.CandidateCount;
            var mainPort = 0;
            var mainProtocol = 0;
            var mainCount = -1;
            long records = 0;
            scratch.Ports.Clear();
            for (var i = run.Start; i < run.Start + run.Length; i++)
            {
                var events = aggregator.EventsOf(i);
                var isCandidate = false;
                if (next < end && candidates[next] == i)
                {
                    // A candidate whose records cannot have enough unique starts leaves its row empty.
                    isCandidate = MayHaveUniqueStarts(events, options.MinUniqueTimestamps);
                    next++;
                }

                if (!isCandidate && run.Multi < 0)
                {
                    continue;
                }

                ref var p = ref aggregator.Pairs[i];
                var from = joiner.Count;
                joiner.Join(events, options.JoinGapFor(p.Key.Protocol));
                if (isCandidate)
                {
                    var kept = KeepInWindow(joiner.Connections[from..], scratch);
                    if (Score(p.Key, p.Key.Port, p.Key.Protocol, false, [p.Key.Port], p.Records, kept, hosts, scratch) is { } row)
                    {
                        perPort[next - 1] = row;
                        rankKeys[next - 1] = new RankKey(row, next - 1);
                    }
                }

                // The across-ports row takes the port and protocol of the first pair with the most connections.
                if (joiner.Count - from > mainCount)
                {
                    mainCount = joiner.Count - from;
                    mainPort = p.Key.Port;
                    mainProtocol = p.Key.Protocol;
                }

                scratch.Ports.Add(p.Key.Port);
                records += p.Records;
            }

            if (run.Multi < 0)
            {
                return;
            }

            // All the run's connections, their starts sorted (bytes are sorted when scored; which start went with
            // which bytes does not matter to any score).
            var all = KeepInWindow(joiner.Connections, scratch);
            RadixSort.Sort(scratch.Starts.AsSpan(0, all), scratch.Scratch32);
            var ports = CollectionsMarshal.AsSpan(scratch.Ports);
            ports.Sort();
            var distinct = 0;
            for (var k = 0; k < ports.Length; k++)
            {
                if (distinct == 0 || ports[distinct - 1] != ports[k])
                {
                    ports[distinct++] = ports[k];
                }
            }

            var key = aggregator.Pairs[run.Start].Key;
            var across = acrossPorts[run.Multi] = Score(key, mainPort, mainProtocol, true, [.. ports[..distinct]], records, all, hosts, scratch);
            if (across is not null)
            {
                rankKeys[perPort.Length + run.Multi] = new RankKey(across, perPort.Length + run.Multi);
            }

            // The run is reported across its ports when that row is a beacon scoring at least as well as its best
            // beaconing port, so that a beacon rotating ports is one row; otherwise each of its beaconing ports is.
            if (across is { IsBeacon: true })
            {
                var bestPort = 0.0;
                foreach (var row in perPort.AsSpan(run.FirstCandidate, run.CandidateCount))
                {
                    if (row is { IsBeacon: true })
                    {
                        bestPort = Math.Max(bestPort, row.Score);
                    }
                }

                acrossWins[run.Multi] = across.Score >= bestPort;
            }
        }

        /// <summary>Copies the start and bytes of the connections that start inside the window to the scratch; returns how many.</summary>
        private int KeepInWindow(ReadOnlySpan<Connection> connections, Scratch scratch)
        {
            scratch.Room(connections.Length);
            var starts = scratch.Starts;
            var bytes = scratch.Bytes;
            var kept = 0;
            foreach (ref readonly var c in connections)
            {
                if (c.Start >= winStart && c.Start <= winEnd)
                {
                    starts[kept] = c.Start;
                    bytes[kept++] = (ulong)c.Bytes;
                }
            }

            return kept;
        }

        /// <summary>Scores <paramref name="kept"/> connections whose sorted starts and bytes the scratch holds.</summary>
        private Beacon? Score(PairKey key, int mainPort, int mainProtocol, bool acrossPorts, IReadOnlyList<int> ports, long records, int kept, int hosts, Scratch scratch)
        {
            if (kept < options.MinUniqueTimestamps)
            {
                return null;
            }

            var starts = scratch.Starts.AsSpan(0, kept);
            var unique = scratch.Unique;
            var u = 0;
            for (var i = 0; i < starts.Length; i++)
            {
                if (u == 0 || unique[u - 1] != starts[i])
                {
                    unique[u++] = starts[i];
                }
            }

            if (u < options.MinUniqueTimestamps)
            {
                return null;
            }

            var byteKeys = scratch.Bytes.AsSpan(0, kept);
            long totalBytes = 0;
            foreach (var b in byteKeys)
            {
                totalBytes += (long)b;
            }

            var first = starts[0];
            var last = starts[^1];
            var ts = unique.AsSpan(0, u);

            // No window of a day holds more connections than there are.
            var isStrobe = kept >= options.StrobeConnectionsPerDay && MaxConnectionsPerDay(starts) >= options.StrobeConnectionsPerDay;
            var scores = isStrobe ? default : Compute(byteKeys, ts, first, last, hosts, scratch);
            return new Beacon
            {
                Src = new FlowAddress(key.Src),
                Dst = new FlowAddress(key.Dst),
                DstPort = mainPort,
                Protocol = mainProtocol,
                AcrossPorts = acrossPorts,
                Ports = ports,
                Connections = kept,
                UniqueTimestamps = u,
                Records = records,
                Bytes = totalBytes,
                FirstSeen = DateTimeOffset.FromUnixTimeSeconds(first),
                LastSeen = DateTimeOffset.FromUnixTimeSeconds(last),
                Prevalence = hosts,
                PrevalenceShare = allHosts == 0 ? 0 : (double)hosts / allHosts,
                IsStrobe = isStrobe,
                Score = scores.Score,
                IsBeacon = scores.IsBeacon,
                RitaScore = scores.Rita,
                TimestampScore = scores.Timestamp,
                DataSizeScore = scores.DataSize,
                HistogramScore = scores.Histogram,
                DurationScore = scores.Duration,
                PeriodicityScore = scores.Periodicity,
                Period = scores.Period,
                PrevalenceScore = scores.Prevalence,
                Timestamps = scores.IsBeacon ? [.. ts] : [],
            };
        }

        private Scores Compute(Span<ulong> byteKeys, ReadOnlySpan<uint> ts, uint first, uint last, int hosts, Scratch scratch)
        {
            // Bytes and gaps are integers: sorted as such, then widened, they are the same sorted doubles.
            RadixSort.Sort(byteKeys, scratch.Scratch64);
            var bytes = scratch.A.AsSpan(0, byteKeys.Length);
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = byteKeys[i];
            }

            var dataSize = RitaScoring.Statistical(bytes, 0.0).Score;
            var gaps = SortedGaps(ts, scratch);
            var timestamp = RitaScoring.TimestampOfSortedGaps(gaps)?.Score ?? 0;
            var (cv, bimodal, totalBars, longestRun) = RitaScoring.HistogramCoreSorted(winStart, winEnd, ts, scratch.Bins);
            var histogram = Math.Max(cv, bimodal);
            var duration = RitaScoring.Duration(winStart, winEnd, first, last, totalBars, longestRun);
            var rita = RitaScoring.Combine(timestamp, dataSize, histogram, duration);
            var periodicity = Periodicity.ScoreSortedGaps(gaps);
            var prevalence = PrevalenceFactor(hosts, allHosts);
            var score = Combine(rita, periodicity.Score, timestamp, dataSize, last - first, prevalence);
            return new Scores(
                score, score >= options.Threshold, rita, timestamp, dataSize, histogram, duration, periodicity.Score, Math.Round(periodicity.Period, 1), Math.Round(prevalence, 3));
        }

        /// <summary>The gaps between sorted unique timestamps (all positive), sorted, in the scratch's doubles.</summary>
        private static Span<double> SortedGaps(ReadOnlySpan<uint> sortedUnique, Scratch scratch)
        {
            if (sortedUnique.Length < 2)
            {
                return [];
            }

            var gapKeys = scratch.Gaps.AsSpan(0, sortedUnique.Length - 1);
            for (var i = 1; i < sortedUnique.Length; i++)
            {
                gapKeys[i - 1] = sortedUnique[i] - sortedUnique[i - 1];
            }

            RadixSort.Sort(gapKeys, scratch.Scratch32);
            var gaps = scratch.B.AsSpan(0, gapKeys.Length);
            for (var i = 0; i < gapKeys.Length; i++)
            {
                gaps[i] = gapKeys[i];
            }

            return gaps;
        }

        private static int MaxConnectionsPerDay(ReadOnlySpan<uint> sorted)
        {
            var best = 0;
            var lo = 0;
            for (var hi = 0; hi < sorted.Length; hi++)
            {
                while (sorted[hi] - sorted[lo] >= 86_400)
                {
                    lo++;
                }

                best = Math.Max(best, hi - lo + 1);
            }

            return best;
        }
    }
}
