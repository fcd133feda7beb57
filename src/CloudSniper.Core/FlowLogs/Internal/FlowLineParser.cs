using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CloudSniper.Core.FlowLogs.Internal;

/// <summary>
/// Parses one flow-log line straight from its UTF-8 bytes into a <see cref="FlowRecord"/>: no string per field,
/// addresses packed into integers. About 110 bytes and 14 fields a line; this is the hot loop of every read.
/// </summary>
/// <remarks>
/// <see cref="Parse"/> reads any layout a header can name; <see cref="ParseDefault"/> reads the default version 2
/// layout, by far the most common, with the column order fixed at compile time. Both read each field with the same
/// helpers and report the first bad field from the left, so they agree line for line, rejects included.
/// </remarks>
internal static class FlowLineParser
{
    private const ulong HighNibbles = 0xF0F0_F0F0_F0F0_F0F0;
    private const ulong AsciiZeros = 0x3030_3030_3030_3030;
    private const ulong Sixes = 0x0606_0606_0606_0606;
    private const ulong LowNibbles = 0x0F0F_0F0F_0F0F_0F0F;

    // Columns of the default version 2 layout that the checks after the fields name.
    private const int DefaultSrcAddr = 3;
    private const int DefaultDstAddr = 4;
    private const int DefaultStart = 10;
    private const int DefaultEnd = 11;
    private const int DefaultColumnCount = 14;

    /// <summary>True when <paramref name="columns"/> is the default version 2 layout that <see cref="ParseDefault"/> reads.</summary>
    public static bool IsDefaultLayout(ReadOnlySpan<FlowLogField> columns) =>
        columns.SequenceEqual([
            FlowLogField.Version, FlowLogField.AccountId, FlowLogField.InterfaceId, FlowLogField.SrcAddr, FlowLogField.DstAddr,
            FlowLogField.SrcPort, FlowLogField.DstPort, FlowLogField.Protocol, FlowLogField.Packets, FlowLogField.Bytes,
            FlowLogField.Start, FlowLogField.End, FlowLogField.Action, FlowLogField.LogStatus]);

    /// <summary>Parses <paramref name="line"/> (without its newline) laid out as <paramref name="columns"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FlowLineStatus Parse(ReadOnlySpan<byte> line, FlowLogField[] columns, ref FlowRecord r, out FlowRejectReason reason, out int badColumn)
    {
        reason = default;
        badColumn = -1;
        r = default;
        r.TcpFlags = -1;
        var hasStart = false;
        var hasEnd = false;
        var fields = new FlowTokenizer(line);
        for (var c = 0; c < columns.Length; c++)
        {
            if (!fields.Next(out var start, out var end))
            {
                return c == 0 ? FlowLineStatus.Blank : Fail(FlowRejectReason.ShortLine, c, out reason, out badColumn);
            }

            ulong n;
            bool present;
            switch (columns[c])
            {
                case FlowLogField.Version:
                    if (!TryNumberField(line, start, end, int.MaxValue, out n, out _))
                    {
                        return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                    }

                    r.Version = (int)n;
                    break;
                case FlowLogField.SrcAddr:
                case FlowLogField.DstAddr:
                case FlowLogField.PktSrcAddr:
                case FlowLogField.PktDstAddr:
                    if (!TryAddressField(line, start, end, out var a))
                    {
                        return Fail(FlowRejectReason.BadAddress, c, out reason, out badColumn);
                    }

                    switch (columns[c])
                    {
                        case FlowLogField.SrcAddr: r.SrcAddr = a; break;
                        case FlowLogField.DstAddr: r.DstAddr = a; break;
                        case FlowLogField.PktSrcAddr: r.PktSrcAddr = a; break;
                        default: r.PktDstAddr = a; break;
                    }

                    break;
                case FlowLogField.SrcPort:
                case FlowLogField.DstPort:
                    if (!TryNumberField(line, start, end, ushort.MaxValue, out n, out _))
                    {
                        return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                    }

                    if (columns[c] == FlowLogField.SrcPort)
                    {
                        r.SrcPort = (ushort)n;
                    }
                    else
                    {
                        r.DstPort = (ushort)n;
                    }

                    break;
                case FlowLogField.Protocol:
                    if (!TryNumberField(line, start, end, byte.MaxValue, out n, out _))
                    {
                        return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                    }

                    r.Protocol = (byte)n;
                    break;
                case FlowLogField.Packets:
                case FlowLogField.Bytes:
                    if (!TryNumberField(line, start, end, long.MaxValue, out n, out _))
                    {
                        return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                    }

                    if (columns[c] == FlowLogField.Bytes)
                    {
                        r.Bytes = (long)n;
                    }
                    else
                    {
                        r.Packets = (long)n;
                    }

                    break;
                case FlowLogField.Start:
                case FlowLogField.End:
                    // Unix seconds up to 2106 fit the analysis's 32-bit timestamps.
                    if (!TryNumberField(line, start, end, uint.MaxValue, out n, out present))
                    {
                        return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                    }

                    if (columns[c] == FlowLogField.Start)
                    {
                        r.Start = (long)n;
                        hasStart |= present;
                    }
                    else
                    {
                        r.End = (long)n;
                        hasEnd |= present;
                    }

                    break;
                case FlowLogField.Action:
                    if (!TryAction(line, start, end, ref r))
                    {
                        return Fail(FlowRejectReason.BadValue, c, out reason, out badColumn);
                    }

                    break;
                case FlowLogField.LogStatus:
                    if (!TryLogStatus(line, start, end, ref r))
                    {
                        return Fail(FlowRejectReason.BadValue, c, out reason, out badColumn);
                    }

                    break;
                case FlowLogField.TcpFlags:
                    if (!TryNumberField(line, start, end, int.MaxValue, out n, out present))
                    {
                        return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                    }

                    if (present)
                    {
                        r.TcpFlags = (int)n;
                    }

                    break;
                case FlowLogField.TrafficPath:
                    if (!TryNumberField(line, start, end, int.MaxValue, out n, out _))
                    {
                        return Fail(FlowRejectReason.NonNumeric, c, out reason, out badColumn);
                    }

                    r.TrafficPath = (int)n;
                    break;
                case FlowLogField.FlowDirection:
                    if (!TryDirection(line, start, end, ref r))
                    {
                        return Fail(FlowRejectReason.BadValue, c, out reason, out badColumn);
                    }

                    break;
                default:
                    // Identifiers and fields the analysis does not use.
                    break;
            }
        }

        if (fields.Next(out _, out _))
        {
            return Fail(FlowRejectReason.LongLine, columns.Length, out reason, out badColumn);
        }

        var status = Finish(ref r, r.SrcAddr.IsNone, r.DstAddr.IsNone, hasStart, hasEnd, out reason, out var badField);
        if (status == FlowLineStatus.Rejected)
        {
            badColumn = Array.IndexOf(columns, badField);
        }

        return status;
    }

    /// <summary>
    /// Parses <paramref name="line"/> (without its newline) in the default version 2 layout: what <see cref="Parse"/>
    /// does for that layout, without looking up each column's field. The line is split first (one more field than the
    /// layout has tells a long line); the fields are then read left to right, so a bad field still takes precedence
    /// over a short line, as it does in <see cref="Parse"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FlowLineStatus ParseDefault(ReadOnlySpan<byte> line, ref FlowRecord r, out FlowRejectReason reason, out int badColumn)
    {
        reason = default;
        badColumn = -1;
        r = default;
        r.TcpFlags = -1;
        Span<int> b = stackalloc int[2 * (DefaultColumnCount + 1)];
        var count = FlowTokenizer.Split(line, b);
        if (count == 0)
        {
            return FlowLineStatus.Blank;
        }

        // version; account-id and interface-id are only counted.
        if (!TryNumberField(line, b[0], b[1], int.MaxValue, out var n, out _))
        {
            return Fail(FlowRejectReason.NonNumeric, 0, out reason, out badColumn);
        }

        r.Version = (int)n;
        if (count <= DefaultSrcAddr)
        {
            return Fail(FlowRejectReason.ShortLine, count, out reason, out badColumn);
        }

        // srcaddr, dstaddr
        var srcNone = false;
        if (FlowAddress.TryParseV4(line[b[6]..b[7]], out var src))
        {
            r.SrcAddr = FlowAddress.FromV4(src);
        }
        else if (TryAddressField(line, b[6], b[7], out var otherSrc))
        {
            // '-', or an IPv6 address ('::' reads as absent too).
            r.SrcAddr = otherSrc;
            srcNone = otherSrc.IsNone;
        }
        else
        {
            return Fail(FlowRejectReason.BadAddress, DefaultSrcAddr, out reason, out badColumn);
        }

        if (count <= DefaultDstAddr)
        {
            return Fail(FlowRejectReason.ShortLine, count, out reason, out badColumn);
        }

        var dstNone = false;
        if (FlowAddress.TryParseV4(line[b[8]..b[9]], out var dst))
        {
            r.DstAddr = FlowAddress.FromV4(dst);
        }
        else if (TryAddressField(line, b[8], b[9], out var otherDst))
        {
            // '-', or an IPv6 address ('::' reads as absent too).
            r.DstAddr = otherDst;
            dstNone = otherDst.IsNone;
        }
        else
        {
            return Fail(FlowRejectReason.BadAddress, DefaultDstAddr, out reason, out badColumn);
        }

        // srcport, dstport, protocol, packets, bytes
        if (count <= 5)
        {
            return Fail(FlowRejectReason.ShortLine, count, out reason, out badColumn);
        }

        if (!TryNumberField(line, b[10], b[11], ushort.MaxValue, out n, out _))
        {
            return Fail(FlowRejectReason.NonNumeric, 5, out reason, out badColumn);
        }

        r.SrcPort = (ushort)n;
        if (count <= 6)
        {
            return Fail(FlowRejectReason.ShortLine, count, out reason, out badColumn);
        }

        if (!TryNumberField(line, b[12], b[13], ushort.MaxValue, out n, out _))
        {
            return Fail(FlowRejectReason.NonNumeric, 6, out reason, out badColumn);
        }

        r.DstPort = (ushort)n;
        if (count <= 7)
        {
            return Fail(FlowRejectReason.ShortLine, count, out reason, out badColumn);
        }

        if (!TryNumberField(line, b[14], b[15], byte.MaxValue, out n, out _))
        {
            return Fail(FlowRejectReason.NonNumeric, 7, out reason, out badColumn);
        }

        r.Protocol = (byte)n;
        if (count <= 8)
        {
            return Fail(FlowRejectReason.ShortLine, count, out reason, out badColumn);
        }

        if (!TryNumberField(line, b[16], b[17], long.MaxValue, out n, out _))
        {
            return Fail(FlowRejectReason.NonNumeric, 8, out reason, out badColumn);
        }

        r.Packets = (long)n;
        if (count <= 9)
        {
            return Fail(FlowRejectReason.ShortLine, count, out reason, out badColumn);
        }

        if (!TryNumberField(line, b[18], b[19], long.MaxValue, out n, out _))
        {
            return Fail(FlowRejectReason.NonNumeric, 9, out reason, out badColumn);
        }

        r.Bytes = (long)n;

        // start, end
        if (count <= DefaultStart)
        {
            return Fail(FlowRejectReason.ShortLine, count, out reason, out badColumn);
        }

        if (!TryNumberField(line, b[20], b[21], uint.MaxValue, out n, out var hasStart))
        {
            return Fail(FlowRejectReason.NonNumeric, DefaultStart, out reason, out badColumn);
        }

        r.Start = (long)n;
        if (count <= DefaultEnd)
        {
            return Fail(FlowRejectReason.ShortLine, count, out reason, out badColumn);
        }

        if (!TryNumberField(line, b[22], b[23], uint.MaxValue, out n, out var hasEnd))
        {
            return Fail(FlowRejectReason.NonNumeric, DefaultEnd, out reason, out badColumn);
        }

        r.End = (long)n;

        // action, log-status
        if (count <= 12)
        {
            return Fail(FlowRejectReason.ShortLine, count, out reason, out badColumn);
        }

        if (!TryAction(line, b[24], b[25], ref r))
        {
            return Fail(FlowRejectReason.BadValue, 12, out reason, out badColumn);
        }

        if (count <= 13)
        {
            return Fail(FlowRejectReason.ShortLine, count, out reason, out badColumn);
        }

        if (!TryLogStatus(line, b[26], b[27], ref r))
        {
            return Fail(FlowRejectReason.BadValue, 13, out reason, out badColumn);
        }

        if (count > DefaultColumnCount)
        {
            return Fail(FlowRejectReason.LongLine, DefaultColumnCount, out reason, out badColumn);
        }

        var status = Finish(ref r, srcNone, dstNone, hasStart, hasEnd, out reason, out var badField);
        if (status == FlowLineStatus.Rejected)
        {
            badColumn = badField switch
            {
                FlowLogField.SrcAddr => DefaultSrcAddr,
                FlowLogField.DstAddr => DefaultDstAddr,
                FlowLogField.Start => DefaultStart,
                _ => DefaultEnd,
            };
        }

        return status;
    }

    /// <summary>
    /// The checks once every field is read: status lines, the values the analysis needs, and time order. A reject names
    /// its field, which the caller turns into a column only then.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FlowLineStatus Finish(ref FlowRecord r, bool srcNone, bool dstNone, bool hasStart, bool hasEnd, out FlowRejectReason reason, out FlowLogField badField)
    {
        reason = default;
        badField = FlowLogField.Ignored;
        if (r.LogStatus == FlowLogStatus.NoData)
        {
            return FlowLineStatus.NoData;
        }

        if (r.LogStatus == FlowLogStatus.SkipData)
        {
            return FlowLineStatus.SkipData;
        }

        if (srcNone)
        {
            return Reject(FlowRejectReason.MissingValue, FlowLogField.SrcAddr, out reason, out badField);
        }

        if (dstNone)
        {
            return Reject(FlowRejectReason.MissingValue, FlowLogField.DstAddr, out reason, out badField);
        }

        if (!hasStart)
        {
            return Reject(FlowRejectReason.MissingValue, FlowLogField.Start, out reason, out badField);
        }

        if (!hasEnd)
        {
            r.End = r.Start;
        }
        else if (r.End < r.Start)
        {
            return Reject(FlowRejectReason.BadTime, FlowLogField.End, out reason, out badField);
        }

        return FlowLineStatus.Ok;
    }

    private static FlowLineStatus Reject(FlowRejectReason why, FlowLogField field, out FlowRejectReason reason, out FlowLogField badField)
    {
        reason = why;
        badField = field;
        return FlowLineStatus.Rejected;
    }

    /// <summary>True when the field is <c>-</c>, an absent value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDash(ReadOnlySpan<byte> line, int start, int end) => end - start == 1 && line[start] == (byte)'-';

    /// <summary>
    /// Reads a numeric field of at most <paramref name="max"/>: <c>-</c> reads as absent (zero, <paramref name="present"/>
    /// false); false for anything else that is not 1 to 19 decimal digits of a value up to the maximum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryNumberField(ReadOnlySpan<byte> line, int start, int end, ulong max, out ulong value, out bool present)
    {
        if (IsDash(line, start, end))
        {
            value = 0;
            present = false;
            return true;
        }

        present = true;
        return TryNumber(line, start, end, out value) && value <= max;
    }

    /// <summary>Reads an address field: <c>-</c> reads as <see cref="FlowAddress.None"/>; false when it is neither that nor an address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryAddressField(ReadOnlySpan<byte> line, int start, int end, out FlowAddress address)
    {
        if (IsDash(line, start, end))
        {
            address = FlowAddress.None;
            return true;
        }

        var token = line[start..end];
        if (FlowAddress.TryParseV4(token, out var v4))
        {
            address = FlowAddress.FromV4(v4);
            return true;
        }

        return FlowAddress.TryParse(token, out address);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryAction(ReadOnlySpan<byte> line, int start, int end, ref FlowRecord r)
    {
        var token = line[start..end];
        if (token.SequenceEqual("ACCEPT"u8))
        {
            r.Action = FlowAction.Accept;
            return true;
        }

        if (token.SequenceEqual("REJECT"u8))
        {
            r.Action = FlowAction.Reject;
            return true;
        }

        return IsDash(line, start, end);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryLogStatus(ReadOnlySpan<byte> line, int start, int end, ref FlowRecord r)
    {
        var token = line[start..end];
        if (token.SequenceEqual("OK"u8))
        {
            r.LogStatus = FlowLogStatus.Ok;
            return true;
        }

        if (token.SequenceEqual("NODATA"u8))
        {
            r.LogStatus = FlowLogStatus.NoData;
            return true;
        }

        if (token.SequenceEqual("SKIPDATA"u8))
        {
            r.LogStatus = FlowLogStatus.SkipData;
            return true;
        }

        return IsDash(line, start, end);
    }

    private static bool TryDirection(ReadOnlySpan<byte> line, int start, int end, ref FlowRecord r)
    {
        var token = line[start..end];
        if (token.SequenceEqual("egress"u8))
        {
            r.Direction = FlowDirection.Egress;
            return true;
        }

        if (token.SequenceEqual("ingress"u8))
        {
            r.Direction = FlowDirection.Ingress;
            return true;
        }

        return IsDash(line, start, end);
    }

    /// <summary>
    /// Reads 1 to 19 decimal digits. Up to 16 digits are read eight at a time from the bytes that end the field (the
    /// bytes before it in the line are masked off), so a port or a timestamp costs a few arithmetic steps and no loop
    /// whose exit depends on its length; fields near the start of the line and longer numbers go digit by digit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryNumber(ReadOnlySpan<byte> line, int start, int end, out ulong value)
    {
        var length = end - start;
        if (BitConverter.IsLittleEndian)
        {
            ref var first = ref MemoryMarshal.GetReference(line);
            if (length <= 8 && end >= 8)
            {
                return TryDigits8(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, end - 8)), length, out value);
            }

            if (length <= 16 && end >= 16)
            {
                var ok = TryDigits8(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, end - 8)), 8, out var low)
                    & TryDigits8(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, end - 16)), length - 8, out var high);
                value = (high * 100_000_000) + low;
                return ok;
            }
        }

        if (length == 1)
        {
            // The version, and small counts at the start of a custom layout.
            var digit = (uint)(line[start] - '0');
            value = digit;
            return digit <= 9;
        }

        return TryNumberByDigit(line[start..end], out value);
    }

    /// <summary>
    /// Reads the last <paramref name="count"/> (1 to 8) bytes of <paramref name="word"/> (little-endian, so the high
    /// bytes) as decimal digits; the bytes before them read as leading zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryDigits8(ulong word, int count, out ulong value)
    {
        var keep = ulong.MaxValue << ((8 - count) * 8);
        var x = word & keep;
        var zeros = AsciiZeros & keep;

        // Every kept byte is 0x30..0x3F, and adding 6 keeps it below 0x40 only for '0'..'9'.
        var bad = ((x & HighNibbles) ^ zeros) | (((x + (Sixes & keep)) & HighNibbles) ^ zeros);

        // Pairs, then fours, then all eight digits: the first byte is the most significant digit.
        var d = x & LowNibbles;
        d = ((d * 10) + (d >> 8)) & 0x00FF_00FF_00FF_00FF;
        d = ((d * 100) + (d >> 16)) & 0x0000_FFFF_0000_FFFF;
        d = ((d * 10_000) + (d >> 32)) & 0xFFFF_FFFF;
        value = d;
        return bad == 0;
    }

    /// <summary>Reads 1 to 19 decimal digits one at a time.</summary>
    internal static bool TryNumberByDigit(ReadOnlySpan<byte> token, out ulong value)
    {
        value = 0;
        if (token.Length is 0 or > 19)
        {
            return false;
        }

        ulong acc = 0;
        foreach (var b in token)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            acc = (acc * 10) + d;
        }

        value = acc;
        return true;
    }

    private static FlowLineStatus Fail(FlowRejectReason why, int column, out FlowRejectReason reason, out int badColumn)
    {
        reason = why;
        badColumn = column;
        return FlowLineStatus.Rejected;
    }
}
