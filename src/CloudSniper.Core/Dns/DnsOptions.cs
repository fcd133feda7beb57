using CloudSniper.Core.Analytics;

namespace CloudSniper.Core.Dns;

/// <summary>
/// The thresholds of <c>sniper dns</c>, each with its meaning; the defaults are meant for a fleet of hundreds of
/// hosts without tuning. Every one is a key of the <c>dns:</c> section of the configuration.
/// </summary>
public sealed record DnsOptions
{
    /// <summary>Unique subdomains a registered domain needs (across its sources) before it is scored as a tunnel; below it, it is never one.</summary>
    public int TunnelMinUniqueSubdomains { get; init; } = 100;

    /// <summary>Unique subdomains at which the count part of the tunnel score is full (it grows with the logarithm from 0.25 at the minimum).</summary>
    public int TunnelFullUniqueSubdomains { get; init; } = 1000;

    /// <summary>The tunnel score, 0 to 1, from which a registered domain is reported as a tunnel.</summary>
    public double TunnelThreshold { get; init; } = 0.5;

    /// <summary>Queries a (source, registered domain) pair needs, at distinct seconds, to be scored as a beacon.</summary>
    public int BeaconMinQueries { get; init; } = 8;

    /// <summary>
    /// Distinct subdomains a beaconing pair may query at most: a beacon asks for a name or a few; a pair with more is
    /// judged by the tunnel test instead, so that one tunnel is not reported twice.
    /// </summary>
    public int BeaconMaxDistinctNames { get; init; } = 10;

    /// <summary>The beacon score, 0 to 1, from which a pair is reported (the flow-log beacons' default).</summary>
    public double BeaconThreshold { get; init; } = BeaconOptions.DefaultThreshold;

    /// <summary>Random-looking registered domains one source must resolve to be scored as a DGA.</summary>
    public int DgaMinDomains { get; init; } = 10;

    /// <summary>Random-looking domains at which the count part of the DGA score is full.</summary>
    public int DgaFullDomains { get; init; } = 100;

    /// <summary>How random (0 to 1, <see cref="LabelStatistics.Randomness"/>) a domain's own label must look to count toward a DGA.</summary>
    public double DgaMinRandomness { get; init; } = 0.6;

    /// <summary>The share of those domains that must have answered NXDOMAIN (mostly) for a DGA to be reported.</summary>
    public double DgaMinNxDomainShare { get; init; } = 0.5;

    /// <summary>The DGA score, 0 to 1, from which a source is reported.</summary>
    public double DgaThreshold { get; init; } = 0.5;

    /// <summary>Distinct query timestamps kept per pair for the beacon test (a query a minute for a week fits): bounds memory per pair.</summary>
    public int MaxTimestampsPerPair { get; init; } = 10_080;

    /// <summary>
    /// Registered domains (and everything under them) that are never tunnels or DGAs because no outsider reads their
    /// authoritative servers: AWS's own names, the VPC's internal names and reverse lookups. Beacons and indicators
    /// are still checked there.
    /// </summary>
    public IReadOnlyList<string> TrustedDomains { get; init; } = DefaultTrustedDomains;

    /// <summary>The default <see cref="TrustedDomains"/>.</summary>
    public static readonly IReadOnlyList<string> DefaultTrustedDomains = ["amazonaws.com", "amazonaws.com.cn", "api.aws", "internal", "in-addr.arpa", "ip6.arpa"];

    /// <summary>Start of the analysed window (queries before it are skipped); default the first query.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>End of the analysed window, exclusive; default the last query.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>True when <paramref name="domain"/> is, or lies under, one of <see cref="TrustedDomains"/>.</summary>
    public bool IsTrusted(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        foreach (var t in TrustedDomains)
        {
            if (domain.Equals(t, StringComparison.OrdinalIgnoreCase) || (domain.Length > t.Length && domain.EndsWith(t, StringComparison.OrdinalIgnoreCase) && domain[^(t.Length + 1)] == '.'))
            {
                return true;
            }
        }

        return false;
    }
}
