using CloudSniper.Core.FlowLogs;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.Net;

namespace CloudSniper.Core.Analytics.Hunt;

/// <summary>The IP and CIDR indicators a hunt looks for, matched against packed addresses: one hash look-up for exact addresses, one per CIDR length otherwise.</summary>
public sealed class IocMatcher
{
    private readonly Dictionary<UInt128, int> exact = [];
    private readonly NetworkSet cidrs = new();
    private readonly List<string> values = [];
    private readonly Dictionary<int, int> cidrToValue = [];

    /// <summary>The indicators, by index.</summary>
    public IReadOnlyList<string> Values => values;

    /// <summary>Indicators that are neither IPs nor CIDRs (domains, URLs) and cannot be matched against flow logs.</summary>
    public int Unmatchable { get; private set; }

    /// <summary>True when nothing can be matched.</summary>
    public bool IsEmpty => values.Count == 0;

    /// <summary>Adds an indicator; returns false for text that is not an IP or CIDR.</summary>
    public bool Add(string indicator)
    {
        if (!IocValue.TryNormalize(indicator, out var value, out var type))
        {
            return false;
        }

        if (type is IocType.Ipv4 or IocType.Ipv6)
        {
            var address = FlowAddress.FromIPAddress(System.Net.IPAddress.Parse(value));
            if (!exact.ContainsKey(address.Value))
            {
                exact[address.Value] = values.Count;
                values.Add(value);
            }

            return true;
        }

        if (type == IocType.Cidr && IpNetwork.TryParse(value, out var network))
        {
            var before = cidrs.Networks.Count;
            var i = cidrs.Add(network.Value);
            if (i == before)
            {
                cidrToValue[i] = values.Count;
                values.Add(value);
            }

            return true;
        }

        Unmatchable++;
        return false;
    }

    /// <summary>The index of the indicator matching <paramref name="address"/> (an exact address first, else the longest CIDR), or -1.</summary>
    public int Match(FlowAddress address)
    {
        if (exact.TryGetValue(address.Value, out var i))
        {
            return i;
        }

        if (cidrs.IsEmpty)
        {
            return -1;
        }

        var c = cidrs.IndexOf(address);
        return c < 0 ? -1 : cidrToValue[c];
    }
}
