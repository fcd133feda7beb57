using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CloudSniper.Core.FlowLogs.Internal;

/// <summary>
/// Walks the space-separated fields of one flow-log line. The line is classified 64 bytes at a time (space or not,
/// one bit per byte, with vector compares where the hardware has them) and the field boundaries are read off the
/// bits where the class changes: a 110-byte line costs two masks and a count of trailing zeros per boundary, instead
/// of a byte-by-byte scan whose exit branch is mispredicted at the end of nearly every field.
/// </summary>
/// <remarks>
/// Only the byte <c>' '</c> separates fields and runs of spaces count as one separator, exactly as the reader has
/// always split lines; leading and trailing spaces are ignored.
/// </remarks>
internal ref struct FlowTokenizer
{
    private const int Window = 64;

    private readonly ReadOnlySpan<byte> line;

    /// <summary>Class changes (field starts and ends, alternately) not yet handed out, one bit per byte of the window.</summary>
    private ulong edges;

    /// <summary>Line offset of the window <see cref="edges"/> describes.</summary>
    private int window;

    /// <summary>Line offset of the next window to classify.</summary>
    private int next;

    /// <summary>1 when the byte before the next window is a space; the line starts as if after one.</summary>
    private ulong carry;

    /// <summary>Starts before the first field of <paramref name="line"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FlowTokenizer(ReadOnlySpan<byte> line)
    {
        this.line = line;
        carry = 1;
    }

    /// <summary>The next field as <c>[start, end)</c> offsets into the line; false after the last one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Next(out int start, out int end)
    {
        if (edges == 0 && !Refill())
        {
            start = end = line.Length;
            return false;
        }

        start = window + BitOperations.TrailingZeroCount(edges);
        edges &= edges - 1;
        if (edges == 0 && !Refill())
        {
            // The field runs to the end of a line whose length is a multiple of the window.
            end = line.Length;
            return true;
        }

        end = window + BitOperations.TrailingZeroCount(edges);
        edges &= edges - 1;
        return true;
    }

    /// <summary>
    /// Splits the whole line at once: the offsets of up to <c>bounds.Length / 2</c> fields as start, end pairs, and how
    /// many fields were stored. When the count equals the capacity the line may have more. A parser that knows how many
    /// fields to expect reads them from <paramref name="bounds"/> with no tokenizer state to carry between fields.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Split(ReadOnlySpan<byte> line, Span<int> bounds)
    {
        var capacity = bounds.Length & ~1;
        ref var bound = ref MemoryMarshal.GetReference(bounds);
        var count = 0;
        ulong carry = 1;
        for (var offset = 0; offset < line.Length; offset += Window)
        {
            var spaces = SpaceMask(line, offset);
            var edges = spaces ^ ((spaces << 1) | carry);
            carry = spaces >> (Window - 1);
            while (edges != 0)
            {
                if (count == capacity)
                {
                    return count / 2;
                }

                Unsafe.Add(ref bound, count++) = offset + BitOperations.TrailingZeroCount(edges);
                edges &= edges - 1;
            }
        }

        if ((count & 1) != 0)
        {
            // The last field runs to the end of a line whose length is a multiple of the window.
            Unsafe.Add(ref bound, count++) = line.Length;
        }

        return count / 2;
    }

    /// <summary>Classifies windows until one holds a class change; false when the line has no more.</summary>
    private bool Refill()
    {
        while (next < line.Length)
        {
            var spaces = SpaceMask(line, next);
            edges = spaces ^ ((spaces << 1) | carry);
            carry = spaces >> (Window - 1);
            window = next;
            next += Window;
            if (edges != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Bit <c>i</c> set when byte <c>offset + i</c> is a space or lies past the end of the line (the end then reads as a
    /// separator). Never reads outside <paramref name="line"/>: a window that runs past the end is read as the last 32
    /// bytes of the line, shifted into place.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SpaceMask(ReadOnlySpan<byte> line, int offset)
    {
        var remaining = line.Length - offset;
        if (remaining >= Window)
        {
            return Mask32(line, offset) | ((ulong)Mask32(line, offset + 32) << 32);
        }

        ulong low = remaining >= 32 ? Mask32(line, offset) : Tail32(line, offset);
        ulong high = remaining > 32 ? Tail32(line, offset + 32) : uint.MaxValue;
        return low | (high << 32);
    }

    /// <summary>The space bits of the 32 bytes at <paramref name="offset"/>, all of which are in the line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Mask32(ReadOnlySpan<byte> line, int offset)
    {
        ref var at = ref Unsafe.Add(ref MemoryMarshal.GetReference(line), offset);
        if (Vector256.IsHardwareAccelerated)
        {
            return Vector256.Equals(Vector256.LoadUnsafe(ref at), Vector256.Create((byte)' ')).ExtractMostSignificantBits();
        }

        if (Vector128.IsHardwareAccelerated)
        {
            var space = Vector128.Create((byte)' ');
            var low = Vector128.Equals(Vector128.LoadUnsafe(ref at), space).ExtractMostSignificantBits();
            var high = Vector128.Equals(Vector128.LoadUnsafe(ref at, 16), space).ExtractMostSignificantBits();
            return low | (high << 16);
        }

        return ScalarMask(line.Slice(offset, 32));
    }

    /// <summary>The space bits of the fewer than 32 bytes from <paramref name="offset"/> to the end, the rest set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Tail32(ReadOnlySpan<byte> line, int offset)
    {
        var count = line.Length - offset;
        var pastEnd = uint.MaxValue << count;
        if (line.Length >= 32)
        {
            return (Mask32(line, line.Length - 32) >> (32 - count)) | pastEnd;
        }

        return ScalarMask(line[offset..]) | pastEnd;
    }

    /// <summary>The space bits of up to 32 bytes one at a time: machines without vectors, and lines under 32 bytes.</summary>
    internal static uint ScalarMask(ReadOnlySpan<byte> bytes)
    {
        uint mask = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            mask |= (bytes[i] == (byte)' ' ? 1u : 0u) << i;
        }

        return mask;
    }
}
