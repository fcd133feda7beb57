namespace CloudSniper.Core.Net;

/// <summary>
/// Addresses of shared public infrastructure that a finding often names but that is never the attacker's own:
/// blocking or publishing one would cut every workload off DNS, so adding one as an indicator needs an explicit force.
/// </summary>
public static class WellKnownInfrastructure
{
    // The operators' own published service addresses (Google Public DNS, Cloudflare 1.1.1.1, Quad9, OpenDNS), IPv4 and IPv6.
    private static readonly (IpNetwork Network, string Name)[] Resolvers =
    [
        (IpNetwork.Parse("8.8.8.8"), "Google Public DNS"),
        (IpNetwork.Parse("8.8.4.4"), "Google Public DNS"),
        (IpNetwork.Parse("2001:4860:4860::8888"), "Google Public DNS"),
        (IpNetwork.Parse("2001:4860:4860::8844"), "Google Public DNS"),
        (IpNetwork.Parse("1.1.1.1"), "Cloudflare DNS"),
        (IpNetwork.Parse("1.0.0.1"), "Cloudflare DNS"),
        (IpNetwork.Parse("2606:4700:4700::1111"), "Cloudflare DNS"),
        (IpNetwork.Parse("2606:4700:4700::1001"), "Cloudflare DNS"),
        (IpNetwork.Parse("9.9.9.9"), "Quad9 DNS"),
        (IpNetwork.Parse("149.112.112.112"), "Quad9 DNS"),
        (IpNetwork.Parse("2620:fe::fe"), "Quad9 DNS"),
        (IpNetwork.Parse("2620:fe::9"), "Quad9 DNS"),
        (IpNetwork.Parse("208.67.222.222"), "OpenDNS"),
        (IpNetwork.Parse("208.67.220.220"), "OpenDNS"),
        (IpNetwork.Parse("2620:119:35::35"), "OpenDNS"),
        (IpNetwork.Parse("2620:119:53::53"), "OpenDNS"),
    ];

    /// <summary>The public resolver <paramref name="network"/> is or contains (a CIDR holding 8.8.8.8 counts), or null.</summary>
    public static string? FindResolver(IpNetwork network)
    {
        foreach (var (resolver, name) in Resolvers)
        {
            if (network.Overlaps(resolver))
            {
                return $"{name} ({resolver.Prefix})";
            }
        }

        return null;
    }
}
