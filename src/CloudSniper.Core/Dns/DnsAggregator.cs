using CloudSniper.Core.Dns.Internal;

namespace CloudSniper.Core.Dns;

/// <summary>
/// Collects Resolver queries per (source address, registered domain) pair, and the queries that hit a known-bad
/// domain, in memory that grows with the pairs and not with the queries: per pair a few counters, a 256-hash sketch
/// of its distinct subdomains, three example names and at most <see cref="DnsOptions.MaxTimestampsPerPair"/> query
/// times. Not thread-safe: one reader feeds it.
/// </summary>
public sealed class DnsAggregator(DnsOptions options, PublicSuffixList suffixes, DomainIndicatorSet? indicators = null)
{
    private const int MaxInstancesPerSource = 4;
    private const int MaxAddressesPerDomain = 5;

    private readonly Dictionary<(string Source, string Domain), PairState> _pairs = [];
    private readonly Dictionary<string, List<string>> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndicatorState> _hits = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _domainNames = new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly long? _since = options.Since?.ToUnixTimeSeconds();
    private readonly long? _until = options.Until?.ToUnixTimeSeconds();

    /// <summary>The options the queries are collected under.</summary>
    public DnsOptions Options { get; } = options;

    /// <summary>Queries added inside the window.</summary>
    public long Queries { get; private set; }

    /// <summary>Queries outside the window.</summary>
    public long OutsideWindow { get; private set; }

    /// <summary>Queries whose name has no registered domain.</summary>
    public long WithoutRegisteredDomain { get; private set; }

    /// <summary>The first query time in the window (Unix seconds).</summary>
    public uint WindowStart { get; private set; } = uint.MaxValue;

    /// <summary>The last query time in the window (Unix seconds).</summary>
    public uint WindowEnd { get; private set; }

    internal IReadOnlyDictionary<(string Source, string Domain), PairState> Pairs => _pairs;

    internal IReadOnlyDictionary<string, IndicatorState> Hits => _hits;

    internal IReadOnlyList<string> InstancesOf(string source) => _instances.TryGetValue(source, out var list) ? list : [];

    internal IReadOnlyList<string> AddressesOf(string domain) => _addresses.TryGetValue(domain, out var list) ? list : [];

    /// <summary>Adds one query.</summary>
    public void Add(ResolverQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var t = query.Timestamp.ToUnixTimeSeconds();
        if ((_since is { } s && t < s) || (_until is { } u && t >= u) || t < 0 || t > uint.MaxValue)
        {
            OutsideWindow++;
            return;
        }

        var time = (uint)t;
        Queries++;
        WindowStart = Math.Min(WindowStart, time);
        WindowEnd = Math.Max(WindowEnd, time);
        var source = query.SrcAddr;
        if (query.InstanceId is { } instance)
        {
            if (!_instances.TryGetValue(source, out var list))
            {
                _instances[source] = list = [];
            }

            if (list.Count < MaxInstancesPerSource && !list.Contains(instance))
            {
                list.Add(instance);
            }
        }

        var name = query.Name;
        if (indicators?.Match(name) is { } indicator)
        {
            Hit(indicator, query, time);
        }

        var start = suffixes.RegisteredDomainStart(name);
        if (start < 0)
        {
            WithoutRegisteredDomain++;
            return;
        }

        // One string per distinct domain, found without cutting it out of the name: pairs of many sources share it.
        if (!_domainNames.TryGetValue(name.AsSpan(start), out var domain))
        {
            domain = start == 0 ? name : name[start..];
            _domainNames.Add(domain);
        }

        if (!_pairs.TryGetValue((source, domain), out var pair))
        {
            _pairs[(source, domain)] = pair = new PairState(source, domain);
        }

        pair.Queries++;
        pair.NameBytes += name.Length;
        pair.First = Math.Min(pair.First, time);
        pair.Last = Math.Max(pair.Last, time);
        if (query.Rcode == "NXDOMAIN")
        {
            pair.NxDomain++;
        }

        // TXT, NULL and CNAME answers carry the most data back to a tunnel client; ordinary clients seldom ask for them.
        if (query.Type is "TXT" or "NULL" or "CNAME")
        {
            pair.TunnelTypes++;
        }

        if (start > 0)
        {
            var sub = name.AsSpan(0, start - 1);
            pair.SubdomainQueries++;
            pair.SubdomainChars += sub.Length;
            pair.EntropySum += LabelStatistics.ShannonEntropy(sub);
            foreach (var range in sub.Split('.'))
            {
                pair.LongestLabel = Math.Max(pair.LongestLabel, range.End.GetOffset(sub.Length) - range.Start.GetOffset(sub.Length));
            }

            (pair.Subdomains ??= new DistinctSketch()).Add(DistinctSketch.Hash(sub));
        }

        if (pair.Examples.Count < PairState.MaxExamples && !pair.Examples.Contains(name))
        {
            pair.Examples.Add(name);
        }

        if (pair.Times.Count < Options.MaxTimestampsPerPair)
        {
            pair.Times.Add(time);
            pair.NameLengths.Add((ushort)Math.Min(name.Length, ushort.MaxValue));
        }
        else
        {
            pair.TimesFull = true;
        }

        foreach (var answer in query.Answers)
        {
            if (answer.Type is "A" or "AAAA")
            {
                if (!_addresses.TryGetValue(domain, out var list))
                {
                    _addresses[domain] = list = [];
                }

                if (list.Count < MaxAddressesPerDomain && !list.Contains(answer.Rdata))
                {
                    list.Add(answer.Rdata);
                }
            }
        }
    }

    private void Hit(string indicator, ResolverQuery query, uint time)
    {
        if (!_hits.TryGetValue(indicator, out var hit))
        {
            _hits[indicator] = hit = new IndicatorState(indicator);
        }

        hit.Queries++;
        hit.Sources.Add(query.SrcAddr);
        hit.First = Math.Min(hit.First, time);
        hit.Last = Math.Max(hit.Last, time);
        if (hit.Examples.Count < PairState.MaxExamples && !hit.Examples.Contains(query.Name))
        {
            hit.Examples.Add(query.Name);
        }

        foreach (var answer in query.Answers)
        {
            if (answer.Type is "A" or "AAAA" && hit.Addresses.Count < MaxAddressesPerDomain && !hit.Addresses.Contains(answer.Rdata))
            {
                hit.Addresses.Add(answer.Rdata);
            }
        }
    }
}
