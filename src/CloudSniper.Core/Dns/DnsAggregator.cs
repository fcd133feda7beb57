using System.Runtime.InteropServices;
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

    // Names seen lately, by reference (the reader pools repeated names, so a repeated name is mostly the same string):
    // what a name costs to look at (its registered domain, the entropy and hash of its subdomain) is paid once per
    // distinct name, not per query. Bounded; cleared when full.
    private const int MaxCachedNames = 65_536;

    private readonly List<PairState> _pairs = [];
    private readonly Dictionary<string, SourceState> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NameFacts> _names = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<string>> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndicatorState> _hits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _domainNames = new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
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

    /// <summary>The account the first query that named one came from.</summary>
    public string? AccountId { get; private set; }

    /// <summary>The Region the first query that named one came from.</summary>
    public string? Region { get; private set; }

    /// <summary>The first query time in the window (Unix seconds).</summary>
    public uint WindowStart { get; private set; } = uint.MaxValue;

    /// <summary>The last query time in the window (Unix seconds).</summary>
    public uint WindowEnd { get; private set; }

    /// <summary>The distinct registered domains queried, in the order they first arrived.</summary>
    public IReadOnlyList<string> Domains() => [.. _pairs.Select(p => p.Domain).Distinct(StringComparer.Ordinal)];

    /// <summary>The pairs, in the order their first query arrived.</summary>
    internal IReadOnlyList<PairState> Pairs => _pairs;

    internal IReadOnlyDictionary<string, IndicatorState> Hits => _hits;

    internal IReadOnlyList<string> InstancesOf(string source) => _instances.TryGetValue(source, out var list) ? list : [];

    internal IReadOnlyList<string> AddressesOf(string domain) => _addresses.TryGetValue(domain, out var list) ? list : [];

    /// <summary>Adds one query.</summary>
    public void Add(ResolverQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        AccountId ??= query.AccountId;
        Region ??= query.Region;
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

        var facts = Facts(name);
        if (facts.Domain is not { } domain)
        {
            WithoutRegisteredDomain++;
            return;
        }

        if (!_sources.TryGetValue(source, out var sourceState))
        {
            _sources[source] = sourceState = new SourceState();
        }

        // Domains are the aggregator's own strings, one per domain, so pairs of a source are found by reference.
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(sourceState.Pairs, domain, out _);
        if (slot is not { } pair)
        {
            slot = pair = new PairState(source, domain);
            _pairs.Add(pair);
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

        if (facts.SubdomainLength > 0)
        {
            pair.SubdomainQueries++;
            pair.SubdomainChars += facts.SubdomainLength;
            pair.EntropySum += facts.Entropy;
            pair.LongestLabel = Math.Max(pair.LongestLabel, facts.LongestLabel);
            (pair.Subdomains ??= new DistinctSketch()).Add(facts.SubdomainHash);
        }

        pair.AddExample(name);
        if (pair.TimeCount < Options.MaxTimestampsPerPair)
        {
            pair.AddTime(time, (ushort)Math.Min(name.Length, ushort.MaxValue), (byte)Math.Min(255, (int)(facts.Entropy * 4)));
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

    /// <summary>The registered domain of <paramref name="name"/> and what its subdomain looks like, from the cache or worked out.</summary>
    private NameFacts Facts(string name)
    {
        if (_names.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var facts = default(NameFacts);
        var start = suffixes.RegisteredDomainStart(name);
        if (start >= 0)
        {
            // One string per distinct domain (the value stored, found without cutting it out of the name): pairs of many
            // sources share it, and pairs are found by it by reference.
            if (!_domainNames.TryGetValue(name.AsSpan(start), out var domain))
            {
                domain = start == 0 ? name : name[start..];
                _domainNames[domain] = domain;
            }

            facts.Domain = domain;
            if (start > 0)
            {
                var sub = name.AsSpan(0, start - 1);
                facts.SubdomainLength = sub.Length;
                facts.Entropy = LabelStatistics.ShannonEntropy(sub);
                foreach (var range in sub.Split('.'))
                {
                    facts.LongestLabel = Math.Max(facts.LongestLabel, range.End.GetOffset(sub.Length) - range.Start.GetOffset(sub.Length));
                }

                facts.SubdomainHash = DistinctSketch.Hash(sub);
            }
        }

        if (_names.Count >= MaxCachedNames)
        {
            _names.Clear();
        }

        _names[name] = facts;
        return facts;
    }

    private sealed class SourceState
    {
        public readonly Dictionary<string, PairState> Pairs = new(ReferenceEqualityComparer.Instance);
    }

    private struct NameFacts
    {
        public string? Domain;
        public int SubdomainLength;
        public double Entropy;
        public int LongestLabel;
        public ulong SubdomainHash;
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
