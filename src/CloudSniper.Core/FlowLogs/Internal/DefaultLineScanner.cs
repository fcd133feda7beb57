using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudSniper.Core.FlowLogs.Internal;

/// <summary>
/// The fast path for the lines nearly every flow log consists of: the default version 2 layout, one space between
/// fields, dotted IPv4 addresses, plain numbers and <c>OK</c>. It finds the line's end and its 13 separators in one
/// vector pass over the text that follows, reads every field with branch-free arithmetic, and gives up (false) on
/// anything else: an IPv6 address, <c>-</c>, NODATA, a bad field, a carriage return, runs of spaces. The caller then
/// reads that line with <see cref="FlowLineParser.ParseDefault"/>, which names the reason. When this path succeeds,
/// its record is exactly the one <see cref="FlowLineParser.ParseDefault"/> produces.
/// </summary>
/// <remarks>
/// With AVX-512 (VBMI2), lines under 128 bytes take no loop and no data-dependent branch: the separators' offsets are
/// compressed out of the space masks, and the seven numbers are converted together, one 64-bit lane each. Elsewhere
/// the separators come from a bit loop and each number from its own 8-byte word. About 26 ns a line against 60-odd
/// for the general path.
/// </remarks>
internal static class DefaultLineScanner
{
    /// <summary>
    /// Bytes that must follow the line's start in the buffer: the fast path reads whole windows past the end of the
    /// line (never past the buffer), so only lines this far from the end of a chunk can take it.
    /// </summary>
    public const int Lookahead = 3 * Window;

    private const int Window = 64;
    private const int Separators = 13;

    /// <summary>Whether the hardware has the vector instructions the fast path is built on; without them every line takes the general path.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Ssse3.IsSupported && BitConverter.IsLittleEndian;

    /// <summary>
    /// Reads one line from the start of <paramref name="text"/>, which must hold at least <see cref="Lookahead"/>
    /// bytes. True with the record and the line's length (without its newline) for an ordinary OK line; false, with
    /// nothing to rely on, for everything else.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRead(ReadOnlySpan<byte> text, ref FlowRecord r, out int length)
    {
        length = 0;
        if (!IsSupported || text.Length < Lookahead)
        {
            return false;
        }

        ref var at = ref MemoryMarshal.GetReference(text);

        // Separators and the newline of up to three windows.
        var space = Vector256.Create((byte)' ');
        var newline = Vector256.Create((byte)'\n');
        var a0 = Vector256.LoadUnsafe(ref at);
        var a1 = Vector256.LoadUnsafe(ref at, 32);
        var b0 = Vector256.LoadUnsafe(ref at, 64);
        var b1 = Vector256.LoadUnsafe(ref at, 96);
        var s0 = Vector256.Equals(a0, space).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(a1, space).ExtractMostSignificantBits() << 32);
        var s1 = Vector256.Equals(b0, space).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(b1, space).ExtractMostSignificantBits() << 32);
        var n0 = Vector256.Equals(a0, newline).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(a1, newline).ExtractMostSignificantBits() << 32);
        var n1 = Vector256.Equals(b0, newline).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(b1, newline).ExtractMostSignificantBits() << 32);
        ulong s2 = 0;
        int end;
        if (n0 != 0)
        {
            // Lines under 64 bytes are rare in this layout (the interface id alone is 21): the general path reads them.
            return false;
        }

        if (n1 != 0)
        {
            end = Window + BitOperations.TrailingZeroCount(n1);
            s1 &= (1UL << (end - Window)) - 1;
        }
        else
        {
            var c0 = Vector256.LoadUnsafe(ref at, 128);
            var c1 = Vector256.LoadUnsafe(ref at, 160);
            var n2 = Vector256.Equals(c0, newline).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(c1, newline).ExtractMostSignificantBits() << 32);
            if (n2 == 0)
            {
                return false;
            }

            end = (2 * Window) + BitOperations.TrailingZeroCount(n2);
            s2 = (Vector256.Equals(c0, space).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(c1, space).ExtractMostSignificantBits() << 32))
                & ((1UL << (end - (2 * Window))) - 1);
        }

        // Exactly 13 single spaces, none first or last: 14 non-empty fields.
        if (BitOperations.PopCount(s0) + BitOperations.PopCount(s1) + BitOperations.PopCount(s2) != Separators
            || (s0 & 1) != 0
            || (s0 & (s0 << 1)) != 0
            || (s1 & ((s1 << 1) | (s0 >> 63))) != 0
            || (s2 & ((s2 << 1) | (s1 >> 63))) != 0
            || Unsafe.Add(ref at, end - 1) == (byte)' '
            || Unsafe.Add(ref at, end - 1) == (byte)'\r')
        {
            return false;
        }

        // The 13 separators' offsets, in order, one byte each: the first eight in sepLow, the rest in sepHigh.
        ulong sepLow, sepHigh;
        var vectors = Avx512Vbmi2.IsSupported && s2 == 0;
        var separators = Vector512<byte>.Zero;
        if (vectors)
        {
            // Each window's offsets of its spaces, gathered to the front of a vector in one instruction, then the
            // second window's appended after the first's with one two-source permute: no loop, no memory.
            var c0 = (byte)BitOperations.PopCount(s0);
            var inLine = Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)(end - Window)));
            var first = Avx512Vbmi2.Compress(Vector512<byte>.Zero, Vector512.Equals(Vector512.LoadUnsafe(ref at), Vector512.Create((byte)' ')), Vector512<byte>.Indices);
            var second = Avx512Vbmi2.Compress(Vector512<byte>.Zero, Vector512.Equals(Vector512.LoadUnsafe(ref at, Window), Vector512.Create((byte)' ')) & inLine, Vector512<byte>.Indices + Vector512.Create((byte)Window));
            var fromSecond = Vector512.GreaterThanOrEqual(Vector512<byte>.Indices, Vector512.Create(c0));
            var pick = Vector512<byte>.Indices + (fromSecond & Vector512.Create((byte)(Window - c0)));
            separators = Avx512Vbmi.PermuteVar64x8x2(first, pick, second);
            sepLow = separators.AsUInt64().GetElement(0);
            sepHigh = separators.AsUInt64().GetElement(1);
        }
        else
        {
            UInt128 packed = 0;
            var shift = 0;
            for (; s0 != 0; s0 &= s0 - 1, shift += 8)
            {
                packed |= (UInt128)(uint)BitOperations.TrailingZeroCount(s0) << shift;
            }

            for (; s1 != 0; s1 &= s1 - 1, shift += 8)
            {
                packed |= (UInt128)(uint)(Window + BitOperations.TrailingZeroCount(s1)) << shift;
            }

            for (; s2 != 0; s2 &= s2 - 1, shift += 8)
            {
                packed |= (UInt128)(uint)((2 * Window) + BitOperations.TrailingZeroCount(s2)) << shift;
            }

            sepLow = (ulong)packed;
            sepHigh = (ulong)(packed >> 64);
        }

        // version: one digit (every version AWS writes).
        var version = (uint)(at - '0');
        if (Sep(sepLow, sepHigh, 0) != 1 || version > 9)
        {
            return false;
        }

        // account-id and interface-id are not read. srcaddr, dstaddr:
        if (!TryIPv4(ref at, Sep(sepLow, sepHigh, 2) + 1, Sep(sepLow, sepHigh, 3), out var src)
            || !TryIPv4(ref at, Sep(sepLow, sepHigh, 3) + 1, Sep(sepLow, sepHigh, 4), out var dst))
        {
            return false;
        }

        // srcport dstport protocol packets bytes start end.
        bool ok;
        ulong srcPort, dstPort, protocol, packets, bytes, start, stop;
        if (vectors)
        {
            ok = TryNumbers(ref at, separators, out var values);
            srcPort = values.GetElement(0);
            dstPort = values.GetElement(1);
            protocol = values.GetElement(2);
            packets = values.GetElement(3);
            bytes = values.GetElement(4);
            start = values.GetElement(5);
            stop = values.GetElement(6);
        }
        else
        {
            // Each field lies after the first 8 bytes, so each is read from the 8 (or 16) bytes that end it.
            ok = TryShort(ref at, Sep(sepLow, sepHigh, 4), Sep(sepLow, sepHigh, 5), out srcPort)
                & TryShort(ref at, Sep(sepLow, sepHigh, 5), Sep(sepLow, sepHigh, 6), out dstPort)
                & TryShort(ref at, Sep(sepLow, sepHigh, 6), Sep(sepLow, sepHigh, 7), out protocol)
                & TryLong(ref at, Sep(sepLow, sepHigh, 7), Sep(sepLow, sepHigh, 8), out packets)
                & TryLong(ref at, Sep(sepLow, sepHigh, 8), Sep(sepLow, sepHigh, 9), out bytes)
                & TryLong(ref at, Sep(sepLow, sepHigh, 9), Sep(sepLow, sepHigh, 10), out start)
                & TryLong(ref at, Sep(sepLow, sepHigh, 10), Sep(sepLow, sepHigh, 11), out stop);
        }

        if (!ok || srcPort > ushort.MaxValue || dstPort > ushort.MaxValue || protocol > byte.MaxValue || stop < start || start > uint.MaxValue || stop > uint.MaxValue)
        {
            return false;
        }

        // action: ACCEPT or REJECT; log-status: OK.
        var actionAt = Sep(sepLow, sepHigh, 11) + 1;
        if (Sep(sepLow, sepHigh, 12) - actionAt != 6 || end - Sep(sepLow, sepHigh, 12) != 3)
        {
            return false;
        }

        var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, actionAt)) & 0xFFFF_FFFF_FFFFUL;
        var action = word == Accept ? FlowAction.Accept : word == Reject ? FlowAction.Reject : FlowAction.Unknown;
        if (action == FlowAction.Unknown || Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref at, end - 2)) != Ok)
        {
            return false;
        }

        r = default;
        r.TcpFlags = -1;
        r.Version = (int)version;
        r.SrcAddr = FlowAddress.FromV4(src);
        r.DstAddr = FlowAddress.FromV4(dst);
        r.SrcPort = (ushort)srcPort;
        r.DstPort = (ushort)dstPort;
        r.Protocol = (byte)protocol;
        r.Packets = (long)packets;
        r.Bytes = (long)bytes;
        r.Start = (long)start;
        r.End = (long)stop;
        r.Action = action;
        r.LogStatus = FlowLogStatus.Ok;
        length = end;
        return true;
    }

    /// <summary>Separator <paramref name="k"/> (a constant, so the choice of word folds away).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Sep(ulong low, ulong high, int k) => k < 8 ? (int)((low >> (8 * k)) & 0xFF) : (int)((high >> (8 * (k - 8))) & 0xFF);

    private const ulong Accept = 0x5450_4543_4341UL; // "ACCEPT", little-endian
    private const ulong Reject = 0x5443_454A_4552UL; // "REJECT"
    private const ushort Ok = 0x4B4F; // "OK"

    /// <summary>
    /// The seven numeric fields at once, each of 1 to 16 digits: one 64-bit lane per field, whose last 8 digits and the
    /// 8 before them are permuted out of the text right-aligned (bytes before the field read as zeros), checked to be
    /// digits, and combined by multiply-adds. The same values as <see cref="FlowLineParser.TryDigits8"/> gives each
    /// field; false for a field that is longer or holds anything but digits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryNumbers(ref byte at, Vector512<byte> separators, out Vector512<ulong> values)
    {
        values = default;
        var first = separators.GetElement(4) + 1;
        if (separators.GetElement(11) - first > Window - 1)
        {
            return false;
        }

        var text = Vector512.LoadUnsafe(ref at, (nuint)first);

        // Byte i of lane j belongs to field 5 + j; lane 7 repeats field 11 so that it never fails on its own.
        var lane = Vector512<byte>.Indices >>> 3;
        var digit = Vector512<byte>.Indices & Vector512.Create((byte)7);
        var endPick = Vector512.Min(lane + Vector512.Create((byte)5), Vector512.Create((byte)11));
        var ends = Avx512Vbmi.PermuteVar64x8(separators, endPick);
        var lengths = ends - Avx512Vbmi.PermuteVar64x8(separators, endPick - Vector512<byte>.One) - Vector512<byte>.One;
        if (Vector512.GreaterThanAny(lengths, Vector512.Create((byte)16)))
        {
            return false;
        }

        var relativeEnds = ends - Vector512.Create((byte)first);
        var low = Avx512Vbmi.PermuteVar64x8(text, relativeEnds + digit - Vector512.Create((byte)8)) - Vector512.Create((byte)'0');
        var high = Avx512Vbmi.PermuteVar64x8(text, relativeEnds + digit - Vector512.Create((byte)16)) - Vector512.Create((byte)'0');
        low &= Vector512.GreaterThanOrEqual(lengths, Vector512.Create((byte)8) - digit);
        high &= Vector512.GreaterThanOrEqual(lengths, Vector512.Create((byte)16) - digit);
        if (Vector512.GreaterThanAny(Vector512.Max(low, high), Vector512.Create((byte)9)))
        {
            return false;
        }

        values = Avx512F.Multiply(Digits8(high).AsUInt32(), Vector512.Create(100_000_000u)) + Digits8(low);
        return true;
    }

    /// <summary>Eight decimal digits (0..9 each, the most significant first) per 64-bit lane to their value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Digits8(Vector512<byte> digits)
    {
        var pairs = Avx512BW.MultiplyAddAdjacent(digits, Vector512.Create((short)(10 | (1 << 8))).AsSByte());
        var fours = Avx512BW.MultiplyAddAdjacent(pairs, Vector512.Create(100 | (1 << 16)).AsInt16());
        return Avx512F.Multiply(fours.AsUInt32(), Vector512.Create(10_000u)) + (fours.AsUInt64() >>> 32);
    }

    /// <summary>A field of 1 to 8 digits between the separators at <paramref name="before"/> and <paramref name="end"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryShort(ref byte at, int before, int end, out ulong value)
    {
        var length = end - before - 1;
        var ok = FlowLineParser.TryDigits8(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, end - 8)), length, out value);
        return ok & (uint)(length - 1) < 8;
    }

    /// <summary>A field of 1 to 16 digits (counters).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryLong(ref byte at, int before, int end, out ulong value)
    {
        var length = end - before - 1;
        if (length <= 8)
        {
            return TryShort(ref at, before, end, out value);
        }

        var ok = FlowLineParser.TryDigits8(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, end - 8)), 8, out var low)
            & FlowLineParser.TryDigits8(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, end - 16)), length - 8, out var high);
        value = (high * 100_000_000) + low;
        return ok & length <= 16;
    }

    /// <summary>
    /// Dotted IPv4 of 7 to 15 bytes at <c>[start, end)</c>, with 16 bytes readable from <paramref name="start"/>: the
    /// dots and the field's end pick one of the 81 layouts of four 1-to-3-digit octets, whose shuffle lines the digits
    /// up as hundreds, tens and units; two multiply-adds then give the octets. The same values, and the same
    /// refusals (a fourth digit, an octet over 255, anything but digits and dots), as
    /// <see cref="FlowAddress.TryParseV4"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryIPv4(ref byte at, int start, int end, out uint value)
    {
        value = 0;
        var length = end - start;
        if ((uint)(length - 7) > 8)
        {
            return false;
        }

        var text = Vector128.LoadUnsafe(ref Unsafe.Add(ref at, start));
        var inField = (1u << length) - 1;
        var dots = Vector128.Equals(text, Vector128.Create((byte)'.')).ExtractMostSignificantBits() & inField;
        var digits = text - Vector128.Create((byte)'0');
        var isDigit = Vector128.LessThanOrEqual(digits, Vector128.Create((byte)9)).ExtractMostSignificantBits() & inField;
        var layout = Ipv4Layouts.Index[dots | (1u << length)];
        if ((isDigit | dots) != inField || layout == 0)
        {
            return false;
        }

        var placed = Ssse3.Shuffle(digits, Ipv4Layouts.Shuffles[layout]);
        var pairs = Ssse3.MultiplyAddAdjacent(placed, Ipv4Layouts.Weights);
        var octets = Sse2.MultiplyAddAdjacent(pairs, Vector128.Create((short)1));
        if (Vector128.GreaterThanAny(octets, Vector128.Create(255)))
        {
            return false;
        }

        value = (uint)(octets.GetElement(0) << 24) | (uint)(octets.GetElement(1) << 16) | (uint)(octets.GetElement(2) << 8) | (uint)octets.GetElement(3);
        return true;
    }

    /// <summary>The 81 layouts of a dotted IPv4 address, indexed by its dot bits and its end bit.</summary>
    private static class Ipv4Layouts
    {
        /// <summary>Layout number (1..81) by <c>dots | 1 &lt;&lt; length</c>; 0 for no valid layout.</summary>
        public static readonly byte[] Index = new byte[1 << 16];

        /// <summary>Per layout, the shuffle that puts octet <c>i</c>'s hundreds, tens and units in bytes <c>4i+1..4i+3</c>.</summary>
        public static readonly Vector128<byte>[] Shuffles = new Vector128<byte>[82];

        /// <summary>0, 100, 10, 1 per octet: one multiply-add gives hundreds and tens+units as two 16-bit halves.</summary>
        public static readonly Vector128<sbyte> Weights = Vector128.Create(0, 100, 10, 1, 0, 100, 10, 1, 0, 100, 10, 1, 0, 100, 10, 1);

        static Ipv4Layouts()
        {
            var number = 0;
            Span<byte> shuffle = stackalloc byte[16];
            for (var l1 = 1; l1 <= 3; l1++)
            {
                for (var l2 = 1; l2 <= 3; l2++)
                {
                    for (var l3 = 1; l3 <= 3; l3++)
                    {
                        for (var l4 = 1; l4 <= 3; l4++)
                        {
                            int[] lengths = [l1, l2, l3, l4];
                            shuffle.Fill(0x80);
                            var position = 0;
                            var dots = 0u;
                            for (var o = 0; o < 4; o++)
                            {
                                var l = lengths[o];
                                for (var d = 0; d < l; d++)
                                {
                                    // The last digit goes to byte 4o+3, the one before to 4o+2, the first of three to 4o+1.
                                    shuffle[(4 * o) + 4 - l + d] = (byte)(position + d);
                                }

                                position += l;
                                if (o < 3)
                                {
                                    dots |= 1u << position;
                                    position++;
                                }
                            }

                            number++;
                            Index[dots | (1u << position)] = (byte)number;
                            Shuffles[number] = Vector128.Create((ReadOnlySpan<byte>)shuffle);
                        }
                    }
                }
            }
        }
    }
}
