using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CloudSniper.Core.Analytics.Internal;

/// <summary>
/// Sorts unsigned integers (the gaps between a pair's connections, the bytes of each) by least-significant-digit
/// radix sort, 8 bits a pass. Scoring sorts two such series per pair, and the long ones (a connection a minute for a
/// day) dominate its cost: a few linear passes replace n·log n comparisons. The values are small integers, so most of
/// the digits are the same in every key, and those passes are skipped. Short series go to the comparison sort, which
/// wins below a few dozen keys. Sorted integers are the same multiset whichever algorithm orders them, so the result
/// does not depend on which one ran.
/// </summary>
internal static class RadixSort
{
    /// <summary>Below this many keys a comparison sort is faster than counting passes over 256 buckets.</summary>
    private const int MinRadixLength = 64;

    private const int Buckets = 256;

    /// <summary>Sorts <paramref name="keys"/> ascending; <paramref name="scratch"/> needs at least as many elements.</summary>
    public static void Sort(Span<uint> keys, Span<uint> scratch) => Sort<uint>(keys, scratch);

    /// <summary>Sorts <paramref name="keys"/> ascending; <paramref name="scratch"/> needs at least as many elements.</summary>
    public static void Sort(Span<ulong> keys, Span<ulong> scratch) => Sort<ulong>(keys, scratch);

    /// <summary>The sort for either key width; compiled apart for each, so the digit arithmetic is the key's own.</summary>
    private static void Sort<T>(Span<T> keys, Span<T> scratch)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        if (keys.Length < MinRadixLength)
        {
            keys.Sort();
            return;
        }

        T any = T.Zero, all = T.AllBitsSet;
        foreach (var k in keys)
        {
            any |= k;
            all &= k;
        }

        // Bits set in some keys and clear in others: only digits holding one of them need a pass.
        var varying = any ^ all;
        var bits = Unsafe.SizeOf<T>() * 8;
        Span<int> counts = stackalloc int[Buckets];
        var source = keys;
        var target = scratch[..keys.Length];
        for (var shift = 0; shift < bits; shift += 8)
        {
            if (Digit(varying, shift) == 0)
            {
                continue;
            }

            counts.Clear();
            foreach (var k in source)
            {
                counts[Digit(k, shift)]++;
            }

            ToOffsets(counts);
            foreach (var k in source)
            {
                target[counts[Digit(k, shift)]++] = k;
            }

            var swap = source;
            source = target;
            target = swap;
        }

        if (!Unsafe.AreSame(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(keys)))
        {
            source.CopyTo(keys);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Digit<T>(T key, int shift)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T> =>
        (int)(byte.CreateTruncating(key >> shift));

    /// <summary>Turns bucket counts into each bucket's first position.</summary>
    private static void ToOffsets(Span<int> counts)
    {
        var sum = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var c = counts[i];
            counts[i] = sum;
            sum += c;
        }
    }
}
