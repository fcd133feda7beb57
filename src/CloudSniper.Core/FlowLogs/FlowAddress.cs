using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace CloudSniper.Core.FlowLogs;

/// <summary>
/// An IPv4 or IPv6 address packed into 128 bits (IPv4 as <c>::ffff:a.b.c.d</c>), so that flow records carry
/// addresses as plain integers: no allocation per field, cheap hashing and comparison.
/// </summary>
/// <remarks>
/// The members the per-record paths use are written out and marked for inlining: record readers and aggregators
/// are compiled fully optimised from their first call, and a small member they could not inline (the generated
/// property, or one reading a static field whose class is not initialised yet) would stay a separate, unoptimised call
/// for every record.
/// </remarks>
public readonly record struct FlowAddress(UInt128 Value) : IComparable<FlowAddress>
{
    /// <summary>The 128-bit value: IPv6 in network order as a number, IPv4 as <c>::ffff:a.b.c.d</c>.</summary>
    public UInt128 Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get;
        init;
    } = Value;

    /// <summary>The absent address (<c>-</c> in a flow log).</summary>
    public static FlowAddress None => default;

    /// <summary>True when the field was absent.</summary>
    public bool IsNone
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Value == UInt128.Zero;
    }

    /// <summary>True for an IPv4 address.</summary>
    public bool IsIPv4
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (Value >> 32) == 0xFFFF;
    }

    /// <summary>The IPv4 address as a host-order integer; meaningful only when <see cref="IsIPv4"/>.</summary>
    public uint V4
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (uint)Value;
    }

    /// <summary>An IPv4 address from its four octets in a host-order integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FlowAddress FromV4(uint address) => new(new UInt128(0, 0xFFFF_0000_0000UL | address));

    /// <summary>Packs an <see cref="IPAddress"/>.</summary>
    public static FlowAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4
            ? FromV4(BinaryPrimitives.ReadUInt32BigEndian(bytes))
            : new FlowAddress(BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>Parses dotted IPv4 or IPv6 text; false for anything else (including <c>-</c>).</summary>
    public static bool TryParse(string text, out FlowAddress address) =>
        TryParse(System.Text.Encoding.ASCII.GetBytes(text ?? ""), out address);

    /// <summary>Parses UTF-8 dotted IPv4 (fast path) or IPv6 text without allocating.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out FlowAddress address)
    {
        address = default;
        if (TryParseV4(text, out var v4))
        {
            address = FromV4(v4);
            return true;
        }

        if (text.Length is < 2 or > 45 || text.IndexOf((byte)':') < 0)
        {
            return false;
        }

        Span<char> chars = stackalloc char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            chars[i] = (char)text[i];
        }

        if (!IPAddress.TryParse(chars, out var ip))
        {
            return false;
        }

        address = FromIPAddress(ip);
        return true;
    }

    /// <summary>Parses exactly four decimal octets separated by dots.</summary>
    public static bool TryParseV4(ReadOnlySpan<byte> text, out uint value)
    {
        value = 0;
        if (text.Length is < 7 or > 15)
        {
            return false;
        }

        uint acc = 0;
        uint octet = 0;
        var digits = 0;
        var dots = 0;
        foreach (var b in text)
        {
            var d = (uint)(b - '0');
            if (d <= 9)
            {
                octet = (octet * 10) + d;
                if (++digits > 3 || octet > 255)
                {
                    return false;
                }
            }
            else if (b == '.' && digits > 0 && dots < 3)
            {
                acc = (acc << 8) | octet;
                octet = 0;
                digits = 0;
                dots++;
            }
            else
            {
                return false;
            }
        }

        if (dots != 3 || digits == 0)
        {
            return false;
        }

        value = (acc << 8) | octet;
        return true;
    }

    /// <summary>The address as an <see cref="IPAddress"/>.</summary>
    public IPAddress ToIPAddress()
    {
        if (IsIPv4)
        {
            return new IPAddress(BinaryPrimitives.ReverseEndianness(V4));
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        return new IPAddress(bytes);
    }

    /// <summary>The IP family.</summary>
    public AddressFamily Family => IsIPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;

    /// <inheritdoc />
    public int CompareTo(FlowAddress other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public override string ToString() => IsNone ? "-" : ToIPAddress().ToString();
}
