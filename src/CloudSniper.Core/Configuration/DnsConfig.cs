using CloudSniper.Core.Dns;

namespace CloudSniper.Core.Configuration;

/// <summary>
/// The <c>dns:</c> section: thresholds of <c>sniper dns</c> (their meaning is documented on <see cref="DnsOptions"/>,
/// whose defaults they take) and the Public Suffix List to use instead of the bundled one.
/// </summary>
public sealed record DnsConfig
{
    private static readonly DnsOptions Defaults = new();

    /// <summary>A newer Public Suffix List file (publicsuffix.org's public_suffix_list.dat) to use instead of the bundled copy.</summary>
    public string? PublicSuffixList { get; init; }

    /// <summary>Unique subdomains before a registered domain is scored as a tunnel.</summary>
    public int TunnelMinUniqueSubdomains { get; init; } = Defaults.TunnelMinUniqueSubdomains;

    /// <summary>Unique subdomains at which the count part of the tunnel score is full.</summary>
    public int TunnelFullUniqueSubdomains { get; init; } = Defaults.TunnelFullUniqueSubdomains;

    /// <summary>Tunnel score (0 to 1) from which a domain is reported.</summary>
    public double TunnelThreshold { get; init; } = Defaults.TunnelThreshold;

    /// <summary>Queries at distinct seconds a pair needs to be scored as a beacon.</summary>
    public int BeaconMinQueries { get; init; } = Defaults.BeaconMinQueries;

    /// <summary>Distinct subdomains a beaconing pair may query at most (more: judged as a tunnel instead).</summary>
    public int BeaconMaxDistinctNames { get; init; } = Defaults.BeaconMaxDistinctNames;

    /// <summary>Beacon score (0 to 1) from which a pair is reported.</summary>
    public double BeaconThreshold { get; init; } = Defaults.BeaconThreshold;

    /// <summary>Random-looking domains one source must resolve to be scored as a DGA.</summary>
    public int DgaMinDomains { get; init; } = Defaults.DgaMinDomains;

    /// <summary>Random-looking domains at which the count part of the DGA score is full.</summary>
    public int DgaFullDomains { get; init; } = Defaults.DgaFullDomains;

    /// <summary>Randomness (0 to 1) a domain's label needs to count toward a DGA.</summary>
    public double DgaMinRandomness { get; init; } = Defaults.DgaMinRandomness;

    /// <summary>Share of the random-looking domains that must have answered NXDOMAIN.</summary>
    public double DgaMinNxDomainShare { get; init; } = Defaults.DgaMinNxDomainShare;

    /// <summary>DGA score (0 to 1) from which a source is reported.</summary>
    public double DgaThreshold { get; init; } = Defaults.DgaThreshold;

    /// <summary>Registered domains (and names under them) never reported as tunnels or DGAs.</summary>
    public IReadOnlyList<string> TrustedDomains { get; init; } = DnsOptions.DefaultTrustedDomains;

    /// <summary>
    /// Show first-seen domains (<c>rare</c>: a registered domain one source queried that the knowledge base had never
    /// recorded) in the output and record them as low-severity findings; off by default, since a fleet meets new
    /// domains every day. The knowledge base learns the domains either way. <c>sniper dns --kinds</c> overrides it.
    /// </summary>
    public bool ShowRare { get; init; }

    /// <summary>Each setting out of its range: the key (camelCase, under <c>dns</c>) and why.</summary>
    public IEnumerable<(string Key, string Reason)> Problems()
    {
        foreach (var (key, value) in new[] { ("tunnelThreshold", TunnelThreshold), ("beaconThreshold", BeaconThreshold), ("dgaThreshold", DgaThreshold), ("dgaMinRandomness", DgaMinRandomness), ("dgaMinNxDomainShare", DgaMinNxDomainShare) })
        {
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                yield return (key, "must be between 0 and 1");
            }
        }

        foreach (var (key, value) in new[] { ("tunnelMinUniqueSubdomains", TunnelMinUniqueSubdomains), ("beaconMaxDistinctNames", BeaconMaxDistinctNames), ("dgaMinDomains", DgaMinDomains) })
        {
            if (value < 1)
            {
                yield return (key, "must be 1 or more");
            }
        }

        if (BeaconMinQueries < 4)
        {
            yield return ("beaconMinQueries", "must be 4 or more (the timestamp test needs 3 intervals)");
        }

        if (TunnelFullUniqueSubdomains < TunnelMinUniqueSubdomains)
        {
            yield return ("tunnelFullUniqueSubdomains", "must not be below tunnelMinUniqueSubdomains");
        }

        if (DgaFullDomains < DgaMinDomains)
        {
            yield return ("dgaFullDomains", "must not be below dgaMinDomains");
        }
    }

    /// <summary>The analysis options these settings give, for the window <paramref name="since"/> to <paramref name="until"/>.</summary>
    public DnsOptions ToOptions(DateTimeOffset? since = null, DateTimeOffset? until = null) => new()
    {
        TunnelMinUniqueSubdomains = TunnelMinUniqueSubdomains,
        TunnelFullUniqueSubdomains = TunnelFullUniqueSubdomains,
        TunnelThreshold = TunnelThreshold,
        BeaconMinQueries = BeaconMinQueries,
        BeaconMaxDistinctNames = BeaconMaxDistinctNames,
        BeaconThreshold = BeaconThreshold,
        DgaMinDomains = DgaMinDomains,
        DgaFullDomains = DgaFullDomains,
        DgaMinRandomness = DgaMinRandomness,
        DgaMinNxDomainShare = DgaMinNxDomainShare,
        DgaThreshold = DgaThreshold,
        TrustedDomains = TrustedDomains,
        Since = since,
        Until = until,
    };
}
