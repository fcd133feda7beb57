using System.Text.Json;
using CloudSniper.Core.FlowLogs;
using CloudSniper.Core.Net;

namespace CloudSniper.Core.Analytics;

/// <summary>
/// A set of CIDR blocks matched against packed addresses with one hash look-up per distinct prefix length, so that
/// thousands of blocks (the AWS service ranges, an IOC feed) cost a few look-ups per address.
/// </summary>
public sealed class NetworkSet
{
    private readonly Dictionary<int, Dictionary<UInt128, int>> byLength = [];
    private readonly List<IpNetwork> networks = [];
    private int[] lengths = [];

    /// <summary>The blocks, in the order added.</summary>
    public IReadOnlyList<IpNetwork> Networks => networks;

    /// <summary>True when no block was added.</summary>
    public bool IsEmpty => networks.Count == 0;

    /// <summary>Adds a block; returns its index (an existing equal block keeps its index).</summary>
    public int Add(IpNetwork network)
    {
        var (prefix, length) = Pack(network);
        if (!byLength.TryGetValue(length, out var set))
        {
            set = [];
            byLength[length] = set;
            lengths = [.. byLength.Keys.OrderDescending()];
        }

        var masked = prefix & Mask(length);
        if (set.TryGetValue(masked, out var existing))
        {
            return existing;
        }

        set[masked] = networks.Count;
        networks.Add(network);
        return networks.Count - 1;
    }

    /// <summary>A set of the given CIDR texts; throws <see cref="FormatException"/> naming a bad one.</summary>
    public static NetworkSet Parse(IEnumerable<string> cidrs)
    {
        ArgumentNullException.ThrowIfNull(cidrs);
        var set = new NetworkSet();
        foreach (var c in cidrs)
        {
            set.Add(IpNetwork.Parse(c));
        }

        return set;
    }

    /// <summary>The private address space: RFC 1918, carrier-grade NAT, link-local and IPv6 unique-local.</summary>
    public static NetworkSet PrivateSpace() =>
        Parse(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "fc00::/7", "fe80::/10"]);

    /// <summary>
    /// Reads AWS's published <c>ip-ranges.json</c> (<c>prefixes[].ip_prefix</c>, <c>ipv6_prefixes[].ipv6_prefix</c>)
    /// into a set, keeping the prefixes whose <c>service</c> <paramref name="keepService"/> accepts (all when null).
    /// </summary>
    public static NetworkSet FromAwsIpRanges(Stream json, Func<string, bool>? keepService = null)
    {
        using var doc = JsonDocument.Parse(json);
        var set = new NetworkSet();
        foreach (var (array, field) in new[] { ("prefixes", "ip_prefix"), ("ipv6_prefixes", "ipv6_prefix") })
        {
            if (doc.RootElement.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    var service = item.TryGetProperty("service", out var sv) ? sv.GetString() ?? "" : "";
                    if (keepService is not null && !keepService(service))
                    {
                        continue;
                    }

                    if (item.TryGetProperty(field, out var p) && IpNetwork.TryParse(p.GetString(), out var net))
                    {
                        set.Add(net.Value);
                    }
                }
            }
        }

        return set;
    }

    /// <summary>
    /// True for the AWS services whose ranges are AWS's own endpoints (S3, DynamoDB, CloudFront, Route 53 …): not EC2,
    /// where anyone can run a server, nor the AMAZON catch-all that contains it.
    /// </summary>
    public static bool IsAwsServiceEndpoint(string service) =>
        !string.Equals(service, "EC2", StringComparison.OrdinalIgnoreCase) && !string.Equals(service, "AMAZON", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when a block contains <paramref name="address"/>.</summary>
    public bool Contains(FlowAddress address) => IndexOf(address) >= 0;

    /// <summary>The index of the longest block containing <paramref name="address"/>, or -1.</summary>
    public int IndexOf(FlowAddress address)
    {
        if (address.IsNone)
        {
            return -1;
        }

        foreach (var length in lengths)
        {
            if (byLength[length].TryGetValue(address.Value & Mask(length), out var index))
            {
                return index;
            }
        }

        return -1;
    }

    private static (UInt128 Prefix, int Length) Pack(IpNetwork network)
    {
        var packed = FlowAddress.FromIPAddress(network.Prefix).Value;

        // IPv4 blocks live at ::ffff:0:0/96, so their prefix length grows by 96.
        return network.IsIPv6 ? (packed, network.Length) : (packed, network.Length + 96);
    }

    private static UInt128 Mask(int length) => length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);
}
