using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using CloudSniper.Core.Net;

namespace CloudSniper.Core.Iocs;

/// <summary>Canonicalises indicator text and decides whether it may ever be blocked.</summary>
public static class IocValue
{
    /// <summary>Recognises an IP, CIDR, URL or domain and returns its canonical form.</summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? value, out IocType type)
    {
        value = null;
        type = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim().Trim('"', '\'');
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
            {
                value = uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant() + uri.PathAndQuery;
                type = IocType.Url;
                return true;
            }

            return false;
        }

        if (text.Contains('/', StringComparison.Ordinal))
        {
            if (IpNetwork.TryParse(text, out var net))
            {
                var max = net.Value.IsIPv6 ? 128 : 32;
                value = net.Value.Length == max ? net.Value.Prefix.ToString() : net.Value.ToString();
                type = net.Value.Length == max ? (net.Value.IsIPv6 ? IocType.Ipv6 : IocType.Ipv4) : IocType.Cidr;
                return true;
            }

            return false;
        }

        if (IPAddress.TryParse(text, out var address) && (text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3))
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            value = address.ToString();
            type = address.AddressFamily == AddressFamily.InterNetworkV6 ? IocType.Ipv6 : IocType.Ipv4;
            return true;
        }

        var domain = text.TrimEnd('.').ToLowerInvariant();
        if (IsDomain(domain))
        {
            value = domain;
            type = IocType.Domain;
            return true;
        }

        return false;
    }

    /// <summary>
    /// True when the indicator may be blocked: public addresses and CIDRs with no special-purpose address;
    /// domains and URLs are blockable by name.
    /// </summary>
    public static bool IsBlockable(string value, IocType type) => type switch
    {
        IocType.Ipv4 or IocType.Ipv6 => IpClassifier.IsPublic(value),
        IocType.Cidr => IpNetwork.TryParse(value, out var n) && IpClassifier.IsPublicNetwork(n.Value),
        _ => true,
    };

    private static bool IsDomain(string s)
    {
        if (s.Length is < 3 or > 253 || !s.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var label in s.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
                {
                    return false;
                }
            }
        }

        // The last label of a real domain is never all digits.
        var tld = s[(s.LastIndexOf('.') + 1)..];
        return !tld.All(char.IsAsciiDigit);
    }
}
