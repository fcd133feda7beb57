using System.Net;
using System.Net.Sockets;

namespace CloudSniper.Core.Net;

/// <summary>
/// Classifies addresses against the IANA special-purpose registries (RFC 6890 and successors), so that
/// private, reserved, loopback, link-local, CGNAT, multicast and documentation ranges never become blockable.
/// </summary>
public static class IpClassifier
{
    private static readonly (IpNetwork Net, IpClass Class)[] Ranges =
    [
        (Net("0.0.0.0/8"), IpClass.Unspecified),
        (Net("10.0.0.0/8"), IpClass.Private),
        (Net("100.64.0.0/10"), IpClass.CarrierGradeNat),
        (Net("127.0.0.0/8"), IpClass.Loopback),
        (Net("169.254.0.0/16"), IpClass.LinkLocal),
        (Net("172.16.0.0/12"), IpClass.Private),
        (Net("192.0.0.0/24"), IpClass.Reserved),
        (Net("192.0.2.0/24"), IpClass.Documentation),
        (Net("192.88.99.0/24"), IpClass.Reserved),
        (Net("192.168.0.0/16"), IpClass.Private),
        (Net("198.18.0.0/15"), IpClass.Reserved),
        (Net("198.51.100.0/24"), IpClass.Documentation),
        (Net("203.0.113.0/24"), IpClass.Documentation),
        (Net("224.0.0.0/4"), IpClass.Multicast),
        (Net("255.255.255.255/32"), IpClass.Broadcast),
        (Net("240.0.0.0/4"), IpClass.Reserved),
        (Net("::/128"), IpClass.Unspecified),
        (Net("::1/128"), IpClass.Loopback),
        (Net("64:ff9b:1::/48"), IpClass.Private),
        (Net("100::/64"), IpClass.Reserved),
        (Net("2001::/23"), IpClass.Reserved),
        (Net("2001:db8::/32"), IpClass.Documentation),
        (Net("3fff::/20"), IpClass.Documentation),
        (Net("2002::/16"), IpClass.Reserved),
        (Net("fc00::/7"), IpClass.Private),
        (Net("fe80::/10"), IpClass.LinkLocal),
        (Net("fec0::/10"), IpClass.Reserved),
        (Net("ff00::/8"), IpClass.Multicast),
    ];

    /// <summary>The class of an address; IPv4-mapped IPv6 addresses are classified as IPv4.</summary>
    public static IpClass Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var (net, cls) in Ranges)
        {
            if (net.Contains(address))
            {
                return cls;
            }
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // Only 2000::/3 is allocated as global unicast; the rest of the IPv6 space is reserved.
            if ((address.GetAddressBytes()[0] & 0xE0) != 0x20)
            {
                return IpClass.Reserved;
            }
        }

        return IpClass.Public;
    }

    /// <summary>True for a parseable, public (globally routable) address.</summary>
    public static bool IsPublic(string? text) =>
        text is not null && IPAddress.TryParse(text.Trim(), out var a) && Classify(a) == IpClass.Public;

    /// <summary>True when a CIDR block contains no special-purpose address at all (it may then be blocked whole).</summary>
    public static bool IsPublicNetwork(IpNetwork network)
    {
        if (Classify(network.Prefix) != IpClass.Public)
        {
            return false;
        }

        foreach (var (net, _) in Ranges)
        {
            if (network.Overlaps(net))
            {
                return false;
            }
        }

        // A block wider than /8 (IPv4) or /16 (IPv6) is never a sensible indicator.
        return network.Length >= (network.IsIPv6 ? 16 : 8);
    }

    private static IpNetwork Net(string cidr) => IpNetwork.Parse(cidr);
}
