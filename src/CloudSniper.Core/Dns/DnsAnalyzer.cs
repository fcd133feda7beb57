using System.Globalization;
using CloudSniper.Core.Analytics;
using CloudSniper.Core.Dns.Internal;

namespace CloudSniper.Core.Dns;

/// <summary>
/// Turns what a <see cref="DnsAggregator"/> collected into detections. Fleet prevalence (how many of the sources
/// query a registered domain) lowers tunnel and beacon scores through the flow-log beacons' prevalence factor, so
/// a CDN, an AWS endpoint or an agent that the whole fleet queries is never reported for that alone.
/// </summary>
public static class DnsAnalyzer
{
    private const int MaxExamples = 5;

    /// <summary>Bins of a detection's query timeline.</summary>
    public const int TimelineBins = 48;

    /// <summary>Characters per bin of the name-length distribution.</summary>
    public const int LengthBin = 8;

    /// <summary>Bins of the name-length distribution (names up to 255 characters).</summary>
    public const int LengthBins = 32;

    /// <summary>Bins of the entropy distribution, a quarter bit each (6 bits a character and more fall in the last).</summary>
    public const int EntropyBins = 24;

    /// <summary>The score of a first-seen domain: a lead below every detection.</summary>
    public const double RareScore = 0.1;

    /// <summary>
    /// Every detection in <paramref name="aggregator"/>, highest score first. With <paramref name="firstSeen"/> (the
    /// registered domains the knowledge base had never recorded), each of them that one source alone queried, outside
    /// the trusted domains, is also a <see cref="DnsDetectionKind.Rare"/> lead.
    /// </summary>
    public static DnsReport Analyze(DnsAggregator aggregator, IReadOnlySet<string>? firstSeen = null)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        var options = aggregator.Options;
        var byDomain = new Dictionary<string, List<PairState>>(StringComparer.Ordinal);
        var bySource = new Dictionary<string, List<PairState>>(StringComparer.Ordinal);
        foreach (var pair in aggregator.Pairs)
        {
            Group(byDomain, pair.Domain, pair);
            Group(bySource, pair.Source, pair);
        }

        var fleet = bySource.Count;
        var detections = new List<DnsDetection>();
        foreach (var (domain, pairs) in byDomain)
        {
            if (Tunnel(aggregator, domain, pairs, fleet) is { } tunnel)
            {
                detections.Add(WithDistributions(tunnel, pairs));
            }

            foreach (var pair in pairs)
            {
                if (Beacon(aggregator, pair, pairs.Count, fleet) is { } beacon)
                {
                    detections.Add(WithDistributions(beacon, [pair]));
                }
            }

            if (firstSeen is not null && pairs.Count == 1 && firstSeen.Contains(domain) && !options.IsTrusted(domain))
            {
                detections.Add(WithDistributions(Rare(aggregator, pairs[0], fleet), pairs));
            }
        }

        foreach (var (source, pairs) in bySource)
        {
            if (Dga(aggregator, source, pairs, byDomain, fleet, out var randomPairs) is { } dga)
            {
                detections.Add(WithDistributions(dga, randomPairs));
            }
        }

        foreach (var hit in aggregator.Hits.Values)
        {
            detections.Add(Indicator(aggregator, hit));
        }

        detections.Sort((a, b) =>
        {
            var c = b.Score.CompareTo(a.Score);
            c = c != 0 ? c : a.Kind.CompareTo(b.Kind);
            c = c != 0 ? c : string.CompareOrdinal(a.Domain, b.Domain);
            return c != 0 ? c : string.CompareOrdinal(string.Join(",", a.Sources), string.Join(",", b.Sources));
        });

        var any = aggregator.Queries > 0;
        return new DnsReport
        {
            Detections = detections,
            Queries = aggregator.Queries,
            OutsideWindow = aggregator.OutsideWindow,
            WithoutRegisteredDomain = aggregator.WithoutRegisteredDomain,
            Sources = fleet,
            Domains = byDomain.Count,
            Pairs = aggregator.Pairs.Count,
            WindowStart = any ? DateTimeOffset.FromUnixTimeSeconds(aggregator.WindowStart) : default,
            WindowEnd = any ? DateTimeOffset.FromUnixTimeSeconds(aggregator.WindowEnd) : default,
        };
    }

    /// <summary>
    /// The tunnel score of a registered domain: <c>(0.35 · count + 0.2 · entropy + 0.2 · length + 0.1 · types +
    /// 0.15 · bytes) · prevalence</c>, where count rises from 0.25 at <see cref="DnsOptions.TunnelMinUniqueSubdomains"/>
    /// unique subdomains to 1 at <see cref="DnsOptions.TunnelFullUniqueSubdomains"/> with the logarithm (RITA's
    /// subdomain threshold, made continuous), entropy runs from 2.5 to 4 bits a character (encoded data is near 4.5,
    /// words near 3), length from 10 to 50 characters of subdomain on average, types from none to half the queries
    /// being TXT, NULL or CNAME, and bytes from 1 KB to 1 MB of names.
    /// </summary>
    public static double TunnelScore(double uniqueSubdomains, double meanEntropy, double meanSubdomainLength, double tunnelTypeShare, long nameBytes, double prevalence, DnsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var count = CountScore(uniqueSubdomains, options.TunnelMinUniqueSubdomains, options.TunnelFullUniqueSubdomains);
        var raw = (0.35 * count) + (0.2 * LabelStatistics.Scale(meanEntropy, 2.5, 4.0)) + (0.2 * LabelStatistics.Scale(meanSubdomainLength, 10, 50))
            + (0.1 * LabelStatistics.Scale(tunnelTypeShare, 0, 0.5)) + (0.15 * LabelStatistics.Scale(Math.Log10(Math.Max(1, nameBytes)), 3, 6));
        return RitaScoring.Round3(raw * prevalence);
    }

    /// <summary>
    /// The DGA score of a source: <c>0.5 · count + 0.3 · NXDOMAIN share + 0.2 · mean randomness</c>, count rising from
    /// 0.25 at <see cref="DnsOptions.DgaMinDomains"/> random-looking domains to 1 at <see cref="DnsOptions.DgaFullDomains"/>.
    /// </summary>
    public static double DgaScore(int randomDomains, double nxShare, double meanRandomness, DnsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var count = CountScore(randomDomains, options.DgaMinDomains, options.DgaFullDomains);
        return RitaScoring.Round3((0.5 * count) + (0.3 * nxShare) + (0.2 * meanRandomness));
    }

    /// <summary>0 below <paramref name="min"/>; from 0.25 at it to 1 at <paramref name="full"/>, with the logarithm of the count.</summary>
    internal static double CountScore(double count, int min, int full)
    {
        if (count < min)
        {
            return 0;
        }

        return full <= min ? 1 : 0.25 + (0.75 * LabelStatistics.Scale(Math.Log(count), Math.Log(Math.Max(1, min)), Math.Log(full)));
    }

    private static DnsDetection? Tunnel(DnsAggregator aggregator, string domain, List<PairState> pairs, int fleet)
    {
        var options = aggregator.Options;
        if (options.IsTrusted(domain))
        {
            return null;
        }

        var sketch = new DistinctSketch();
        long queries = 0, subQueries = 0, subChars = 0, tunnelTypes = 0, bytes = 0;
        double entropy = 0;
        var longest = 0;
        foreach (var p in pairs)
        {
            if (p.Subdomains is { } s)
            {
                sketch.Merge(s);
            }

            queries += p.Queries;
            subQueries += p.SubdomainQueries;
            subChars += p.SubdomainChars;
            tunnelTypes += p.TunnelTypes;
            bytes += p.NameBytes;
            entropy += p.EntropySum;
            longest = Math.Max(longest, p.LongestLabel);
        }

        var unique = Math.Round(sketch.Estimate);
        if (unique < options.TunnelMinUniqueSubdomains || subQueries == 0)
        {
            return null;
        }

        var meanEntropy = entropy / subQueries;
        var meanLength = (double)subChars / subQueries;
        var typeShare = (double)tunnelTypes / queries;
        var prevalence = BeaconAnalyzer.PrevalenceFactor(pairs.Count, fleet);
        var score = TunnelScore(unique, meanEntropy, meanLength, typeShare, bytes, prevalence, options);
        if (score < options.TunnelThreshold)
        {
            return null;
        }

        var evidence = new Dictionary<string, object>
        {
            ["uniqueSubdomains"] = (long)unique,
            ["uniqueSubdomainsExact"] = unique < DistinctSketch.K,
            ["queries"] = queries,
            ["sources"] = pairs.Count,
            ["fleetSources"] = fleet,
            ["meanSubdomainLength"] = R(meanLength),
            ["meanEntropyBits"] = R(meanEntropy),
            ["longestLabel"] = longest,
            ["txtNullCnameShare"] = R(typeShare),
            ["nameBytes"] = bytes,
            ["prevalenceFactor"] = R(prevalence),
            ["examples"] = pairs.SelectMany(p => p.Examples).Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).Take(MaxExamples).ToList(),
        };
        return new DnsDetection
        {
            Kind = DnsDetectionKind.Tunnel,
            Domain = domain,
            Sources = [.. pairs.Select(p => p.Source).Order(StringComparer.Ordinal)],
            Instances = Instances(aggregator, pairs.Select(p => p.Source)),
            Score = score,
            FirstSeen = Time(pairs.Min(p => p.First)),
            LastSeen = Time(pairs.Max(p => p.Last)),
            Queries = queries,
            ResolvedAddresses = aggregator.AddressesOf(domain),
            Evidence = evidence,
        };
    }

    private static DnsDetection? Beacon(DnsAggregator aggregator, PairState pair, int domainSources, int fleet)
    {
        var options = aggregator.Options;
        if (pair.TimeCount < options.BeaconMinQueries || (pair.Subdomains?.Estimate ?? 0) > options.BeaconMaxDistinctNames)
        {
            return null;
        }

        var times = pair.Times();
        Array.Sort(times);
        var unique = times.AsSpan(0, Dedupe(times)).ToArray();
        if (unique.Length < options.BeaconMinQueries)
        {
            return null;
        }

        long windowStart = options.Since?.ToUnixTimeSeconds() ?? aggregator.WindowStart;
        long windowEnd = options.Until?.ToUnixTimeSeconds() ?? aggregator.WindowEnd;
        var first = unique[0];
        var last = unique[^1];

        // The flow-log beacons' statistics, shared: RITA's four sub-scores, periodicity, prevalence and their combination;
        // the data size of a query is the length of the name it asks for.
        var timestamp = RitaScoring.Timestamp(unique)?.Score ?? 0;
        var dataSize = RitaScoring.DataSize(pair.NameLengths())?.Score ?? 0;
        var histogram = RitaScoring.Histogram(windowStart, windowEnd, unique);
        var duration = RitaScoring.Duration(windowStart, windowEnd, first, last, histogram.TotalBars, histogram.LongestRun);
        var rita = RitaScoring.Combine(timestamp, dataSize, histogram.Score, duration);
        var periodicity = Periodicity.Score(unique);
        var prevalence = BeaconAnalyzer.PrevalenceFactor(domainSources, fleet);
        var score = BeaconAnalyzer.Combine(rita, periodicity.Score, timestamp, dataSize, last - first, prevalence);
        if (score < options.BeaconThreshold)
        {
            return null;
        }

        var gaps = new List<long>(Math.Min(unique.Length - 1, 10));
        for (var i = 1; i < unique.Length && gaps.Count < 10; i++)
        {
            gaps.Add(unique[i] - unique[i - 1]);
        }

        var evidence = new Dictionary<string, object>
        {
            ["queries"] = pair.Queries,
            ["uniqueTimestamps"] = unique.Length,
            ["periodSeconds"] = Math.Round(periodicity.Period, 1),
            ["firstIntervalsSeconds"] = gaps,
            ["names"] = pair.Examples.ToList(),
            ["distinctSubdomains"] = (long)Math.Round(pair.Subdomains?.Estimate ?? 0),
            ["timestampScore"] = timestamp,
            ["dataSizeScore"] = dataSize,
            ["histogramScore"] = histogram.Score,
            ["durationScore"] = duration,
            ["ritaScore"] = rita,
            ["periodicityScore"] = periodicity.Score,
            ["prevalenceFactor"] = R(prevalence),
            ["domainSources"] = domainSources,
            ["fleetSources"] = fleet,
            ["timestampsCapped"] = pair.TimesFull,
        };
        return new DnsDetection
        {
            Kind = DnsDetectionKind.Beacon,
            Domain = pair.Domain,
            Sources = [pair.Source],
            Instances = aggregator.InstancesOf(pair.Source),
            Score = score,
            FirstSeen = Time(first),
            LastSeen = Time(last),
            Queries = pair.Queries,
            ResolvedAddresses = aggregator.AddressesOf(pair.Domain),
            Evidence = evidence,
        };
    }

    private static DnsDetection? Dga(DnsAggregator aggregator, string source, List<PairState> pairs, Dictionary<string, List<PairState>> byDomain, int fleet, out List<PairState> randomPairs)
    {
        randomPairs = [];
        var options = aggregator.Options;
        var random = new List<(PairState Pair, double Randomness)>();
        foreach (var p in pairs)
        {
            // A domain much of the fleet resolves is infrastructure, however its name looks.
            if (options.IsTrusted(p.Domain) || BeaconAnalyzer.PrevalenceFactor(byDomain[p.Domain].Count, fleet) < 0.5)
            {
                continue;
            }

            var dot = p.Domain.IndexOf('.', StringComparison.Ordinal);
            var randomness = LabelStatistics.Randomness(dot < 0 ? p.Domain : p.Domain.AsSpan(0, dot));
            if (randomness >= options.DgaMinRandomness)
            {
                random.Add((p, randomness));
            }
        }

        if (random.Count < options.DgaMinDomains)
        {
            return null;
        }

        var nx = random.Count(r => r.Pair.NxDomain * 2 >= r.Pair.Queries);
        var nxShare = (double)nx / random.Count;
        if (nxShare < options.DgaMinNxDomainShare)
        {
            return null;
        }

        var meanRandomness = random.Average(r => r.Randomness);
        var score = DgaScore(random.Count, nxShare, meanRandomness, options);
        if (score < options.DgaThreshold)
        {
            return null;
        }

        randomPairs = [.. random.Select(r => r.Pair)];
        var ranked = random.OrderByDescending(r => r.Pair.Queries).ThenBy(r => r.Pair.Domain, StringComparer.Ordinal).ToList();
        var evidence = new Dictionary<string, object>
        {
            ["randomDomains"] = random.Count,
            ["nxDomainDomains"] = nx,
            ["nxDomainShare"] = R(nxShare),
            ["meanRandomness"] = R(meanRandomness),
            ["domainsResolved"] = pairs.Count,
            ["queries"] = random.Sum(r => r.Pair.Queries),
            ["examples"] = ranked.Take(MaxExamples).Select(r => r.Pair.Domain).ToList(),
        };
        return new DnsDetection
        {
            Kind = DnsDetectionKind.Dga,
            Domain = ranked[0].Pair.Domain,
            Sources = [source],
            Instances = aggregator.InstancesOf(source),
            Score = score,
            FirstSeen = Time(random.Min(r => r.Pair.First)),
            LastSeen = Time(random.Max(r => r.Pair.Last)),
            Queries = random.Sum(r => r.Pair.Queries),
            Evidence = evidence,
        };
    }

    private static DnsDetection Rare(DnsAggregator aggregator, PairState pair, int fleet)
    {
        var evidence = new Dictionary<string, object>
        {
            ["queries"] = pair.Queries,
            ["names"] = pair.Examples.ToList(),
            ["nxDomainQueries"] = pair.NxDomain,
            ["fleetSources"] = fleet,
            ["firstSeen"] = Time(pair.First).ToString("u", CultureInfo.InvariantCulture),
            ["lastSeen"] = Time(pair.Last).ToString("u", CultureInfo.InvariantCulture),
        };
        return new DnsDetection
        {
            Kind = DnsDetectionKind.Rare,
            Domain = pair.Domain,
            Sources = [pair.Source],
            Instances = aggregator.InstancesOf(pair.Source),
            Score = RareScore,
            FirstSeen = Time(pair.First),
            LastSeen = Time(pair.Last),
            Queries = pair.Queries,
            ResolvedAddresses = aggregator.AddressesOf(pair.Domain),
            Evidence = evidence,
        };
    }

    private static DnsDetection Indicator(DnsAggregator aggregator, IndicatorState hit)
    {
        var sources = hit.Sources.Order(StringComparer.Ordinal).ToList();
        var evidence = new Dictionary<string, object>
        {
            ["indicator"] = hit.Indicator,
            ["queries"] = hit.Queries,
            ["sources"] = sources.Count,
            ["names"] = hit.Examples.ToList(),
            ["firstSeen"] = Time(hit.First).ToString("u", CultureInfo.InvariantCulture),
            ["lastSeen"] = Time(hit.Last).ToString("u", CultureInfo.InvariantCulture),
        };
        return new DnsDetection
        {
            Kind = DnsDetectionKind.Ioc,
            Domain = hit.Indicator,
            Sources = sources,
            Instances = Instances(aggregator, sources),
            Score = 1.0,
            FirstSeen = Time(hit.First),
            LastSeen = Time(hit.Last),
            Queries = hit.Queries,
            ResolvedAddresses = hit.Addresses,
            Evidence = evidence,
        };
    }

    /// <summary>The detection with its query timeline and name-length and entropy distributions, from the kept queries of <paramref name="pairs"/>.</summary>
    private static DnsDetection WithDistributions(DnsDetection detection, IEnumerable<PairState> pairs)
    {
        var first = (uint)detection.FirstSeen.ToUnixTimeSeconds();
        var span = Math.Max(1, (long)detection.LastSeen.ToUnixTimeSeconds() - first + 1);
        var bin = Math.Ceiling((double)span / TimelineBins);
        var timeline = new int[TimelineBins];
        var lengths = new int[LengthBins];
        var entropies = new int[EntropyBins];
        foreach (var pair in pairs)
        {
            foreach (var e in pair.Events)
            {
                var time = (uint)(e >> 32);
                if (time >= first)
                {
                    timeline[Math.Min(TimelineBins - 1, (int)((time - first) / bin))]++;
                }

                lengths[Math.Min(LengthBins - 1, (ushort)e / LengthBin)]++;
                entropies[Math.Min(EntropyBins - 1, (int)((e >> 16) & 0xFF))]++;
            }
        }

        return detection with { Timeline = timeline, TimelineBinSeconds = bin, NameLengths = lengths, Entropies = entropies };
    }

    private static List<string> Instances(DnsAggregator aggregator, IEnumerable<string> sources) =>
        [.. sources.SelectMany(aggregator.InstancesOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static void Group(Dictionary<string, List<PairState>> groups, string key, PairState pair)
    {
        if (!groups.TryGetValue(key, out var list))
        {
            groups[key] = list = [];
        }

        list.Add(pair);
    }

    private static int Dedupe(uint[] sorted)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var n = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[n - 1])
            {
                sorted[n++] = sorted[i];
            }
        }

        return n;
    }

    private static DateTimeOffset Time(uint seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

    private static double R(double x) => RitaScoring.Round3(x);
}
