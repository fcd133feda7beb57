using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace CloudSniper.Core.Net;

/// <summary>An IPv4 or IPv6 CIDR block.</summary>
public readonly record struct IpNetwork(IPAddress Prefix, int Length)
{
    /// <summary>Parses <c>a.b.c.d/n</c>, <c>x::/n</c>, or a bare address (a /32 or /128).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IpNetwork? network)
    {
        network = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length) || length > max))
        {
            return false;
        }

        network = new IpNetwork(Mask(address, length), length);
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/> naming the bad text.</summary>
    public static IpNetwork Parse(string text) =>
        TryParse(text, out var n) ? n.Value : throw new FormatException($"'{text}' is not an IP address or CIDR block");

    /// <summary>True when the address lies inside this block.</summary>
    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != Prefix.AddressFamily)
        {
            return false;
        }

        Span<byte> a = stackalloc byte[16];
        Span<byte> p = stackalloc byte[16];
        address.TryWriteBytes(a, out var n);
        Prefix.TryWriteBytes(p, out _);
        var full = Length / 8;
        if (!a[..full].SequenceEqual(p[..full]))
        {
            return false;
        }

        var rem = Length % 8;
        if (rem == 0 || full >= n)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rem));
        return (a[full] & mask) == (p[full] & mask);
    }

    /// <summary>True when every address of <paramref name="other"/> is inside this block.</summary>
    public bool Contains(IpNetwork other) => other.Length >= Length && Contains(other.Prefix);

    /// <summary>True when the two blocks share any address.</summary>
    public bool Overlaps(IpNetwork other) => Contains(other.Prefix) || other.Contains(Prefix);

    public bool IsIPv6 => Prefix.AddressFamily == AddressFamily.InterNetworkV6;

    /// <inheritdoc />
    public override string ToString() => $"{Prefix}/{Length}";

    private static IPAddress Mask(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(length - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPAddress(bytes);
    }
}
