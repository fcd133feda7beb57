using System.Numerics;
using CloudSniper.Core.Dns.Internal;

namespace CloudSniper.Core.Dns;

/// <summary>What a DNS name looks like: Shannon entropy, character classes, and how random a label looks.</summary>
public static class LabelStatistics
{
    /// <summary>
    /// The Shannon entropy of the characters of <paramref name="text"/> in bits per character, dots left out:
    /// −Σ p·log2 p over the share p of each distinct character ("aabb" has 1 bit, "abcd" 2).
    /// </summary>
    public static double ShannonEntropy(ReadOnlySpan<char> text)
    {
        Span<int> counts = stackalloc int[128];
        Dictionary<char, int>? other = null;

        // The ASCII characters present, as bits, so the sum runs over them alone (a name has some 20 of 128) and in
        // ascending order, the order that fixes the rounding of the sum.
        ulong low = 0, high = 0;
        var n = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                continue;
            }

            n++;
            if (c < 64)
            {
                counts[c]++;
                low |= 1UL << c;
            }
            else if (c < 128)
            {
                counts[c]++;
                high |= 1UL << (c - 64);
            }
            else
            {
                other ??= [];
                other[c] = other.GetValueOrDefault(c) + 1;
            }
        }

        if (n == 0)
        {
            return 0;
        }

        var h = 0.0;
        for (var bits = low; bits != 0; bits &= bits - 1)
        {
            h -= Term(counts[BitOperations.TrailingZeroCount(bits)], n);
        }

        for (var bits = high; bits != 0; bits &= bits - 1)
        {
            h -= Term(counts[64 + BitOperations.TrailingZeroCount(bits)], n);
        }

        foreach (var count in other?.Values ?? (IEnumerable<int>)[])
        {
            h -= Term(count, n);
        }

        return h;

        // p · log2 p for p = count / n; from the table for names up to 255 characters (every DNS name).
        static double Term(int count, int n) => n < EntropyTable.Size ? EntropyTable.Terms[(n * EntropyTable.Size) + count] : EntropyTable.Compute(count, n);
    }

    /// <summary>The longest run of consonants (ASCII letters other than a, e, i, o, u and y) in <paramref name="label"/>.</summary>
    public static int LongestConsonantRun(ReadOnlySpan<char> label)
    {
        int longest = 0, run = 0;
        foreach (var c in label)
        {
            if (char.IsAsciiLetter(c) && !IsVowel(c))
            {
                run++;
                longest = Math.Max(longest, run);
            }
            else
            {
                run = 0;
            }
        }

        return longest;
    }

    /// <summary>
    /// How random a label looks, 0 to 1: labels under 6 characters score 0; otherwise
    /// 0.4 · entropy (2.5 → 0, 3.5 bits → 1) + 0.2 · few vowels (a share of 0.35 → 0, 0.10 → 1)
    /// + 0.2 · the higher of digits among letters (0 → 0, 30 % → 1) and consonant runs (3 → 0, 6 → 1)
    /// + 0.2 · length (8 → 0, 16 → 1). Words and brand names stay near 0.5 or below; generated names reach 0.8.
    /// </summary>
    public static double Randomness(ReadOnlySpan<char> label)
    {
        if (label.Length < 6)
        {
            return 0;
        }

        int letters = 0, vowels = 0, digits = 0;
        foreach (var c in label)
        {
            if (char.IsAsciiLetter(c))
            {
                letters++;
                if (IsVowel(c))
                {
                    vowels++;
                }
            }
            else if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        var entropy = Scale(ShannonEntropy(label), 2.5, 3.5);
        var fewVowels = letters == 0 ? 0 : Scale(0.35 - ((double)vowels / letters), 0, 0.25);
        var digitMix = digits > 0 && letters > 0 ? Scale((double)digits / label.Length, 0, 0.3) : 0;
        var runs = Scale(LongestConsonantRun(label), 3, 6);
        var length = Scale(label.Length, 8, 16);
        return Math.Round((0.4 * entropy) + (0.2 * fewVowels) + (0.2 * Math.Max(digitMix, runs)) + (0.2 * length), 3);
    }

    /// <summary>(x − from) / (to − from), clamped to [0, 1].</summary>
    internal static double Scale(double x, double from, double to) => Math.Clamp((x - from) / (to - from), 0, 1);

    private static bool IsVowel(char c) => (c | 0x20) is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
}
