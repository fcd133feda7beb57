using System.Runtime.CompilerServices;

namespace CloudSniper.Core.Analytics;

/// <summary>
/// Periodicity that survives jitter and missed beats. A sleep-and-jitter implant draws each gap independently, so its
/// phase drifts: with ±50 % uniform jitter the spectral peak at 1/period vanishes altogether (the gap distribution's
/// characteristic function is sinc(2πj) = 0), and autocorrelation or a periodogram over binned counts sees noise.
/// What survives is the gap distribution itself: nearly every gap lies within ±60 % of the typical gap, where a
/// random (Poisson) series puts only about 43 % of its gaps. The score measures that share against a noise threshold
/// taken from shuffled series of the same size (the connections placed at random over the same span), so a handful
/// of gaps must be very regular to count, and hundreds need only be clearly more regular than chance. Missed beats
/// lengthen a few gaps and cost only their share.
/// </summary>
public static class Periodicity
{
    /// <summary>Gaps within this relative distance of the typical gap count as regular.</summary>
    public const double Tolerance = 0.6;

    /// <summary>A gap of k periods (one or two beats missed) counts as regular within this share of one period.</summary>
    public const double MissedBeatTolerance = 0.25;

    /// <summary>Missed beats in a row that a gap may stand for.</summary>
    public const int MaxMissedBeats = 2;

    /// <summary>Periods shorter than this are bursts, not beacons (whole-second timestamps make 1–2 s gaps look regular).</summary>
    public const double MinPeriodSeconds = 5;

    /// <summary>The shuffled series' regular share must be beaten at this quantile.</summary>
    public const double NoiseQuantile = 0.95;

    private const int Shuffles = 200;
    private const int MaxCalibratedGaps = 512;
    /// <summary>
    /// Thresholds by calibrated count, NaN until calibrated. Calibration is deterministic, so two threads calibrating
    /// one count at once store the same value; a plain array read is all a look-up costs.
    /// </summary>
    private static readonly double[] Thresholds = NewThresholdCache();

    /// <summary>Scores sorted, unique timestamps (Unix seconds); fewer than 3 gaps score 0.</summary>
    public static PeriodicityScore Score(ReadOnlySpan<uint> sortedUnique) =>
        Score(sortedUnique, new double[Math.Max(0, sortedUnique.Length - 1)]);

    /// <summary>As <see cref="Score(ReadOnlySpan{uint})"/>, with room for the gaps supplied.</summary>
    internal static PeriodicityScore Score(ReadOnlySpan<uint> sortedUnique, Span<double> scratch)
    {
        if (sortedUnique.Length < 4)
        {
            return default;
        }

        var gaps = scratch[..(sortedUnique.Length - 1)];
        for (var i = 1; i < sortedUnique.Length; i++)
        {
            gaps[i - 1] = sortedUnique[i] - sortedUnique[i - 1];
        }

        gaps.Sort();
        return ScoreSortedGaps(gaps);
    }

    /// <summary>Scores the sorted gaps between unique timestamps (all positive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static PeriodicityScore ScoreSortedGaps(ReadOnlySpan<double> gaps)
    {
        if (gaps.Length < 3)
        {
            return default;
        }

        var (share, period) = RegularShareSorted(gaps);
        var threshold = NoiseThreshold(gaps.Length);
        if (period < MinPeriodSeconds)
        {
            return new PeriodicityScore(0, period, share, threshold, gaps.Length);
        }

        var score = share <= threshold ? 0 : (share - threshold) / (1 - threshold);
        return new PeriodicityScore(RitaScoring.Round3(Math.Clamp(score, 0, 1)), period, share, threshold, gaps.Length);
    }

    /// <summary>
    /// The share of regular gaps: within <see cref="Tolerance"/> of the median gap, or within
    /// <see cref="MissedBeatTolerance"/> of two or three periods (missed beats); and the period: the median of the
    /// gaps near the median gap (so missed beats do not pull the estimate).
    /// </summary>
    public static (double Share, double Period) RegularShare(double[] gaps)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        if (gaps.Length == 0)
        {
            return (0, 0);
        }

        var sorted = (double[])gaps.Clone();
        Array.Sort(sorted);
        return RegularShareSorted(sorted);
    }

    private static (double Share, double Period) RegularShareSorted(ReadOnlySpan<double> sorted)
    {
        var median = RitaScoring.Median(sorted);
        var lo = median * (1 - Tolerance);
        var hi = median * (1 + Tolerance);
        var first = -1;
        var last = -1;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (sorted[i] >= lo && sorted[i] <= hi)
            {
                if (first < 0)
                {
                    first = i;
                }

                last = i;
            }
        }

        if (first < 0)
        {
            return (0, median);
        }

        var inside = last - first + 1;
        var period = RitaScoring.Median(sorted.Slice(first, inside));

        // A missed beat leaves a gap of two or three periods: those count too, held to a tighter tolerance so that
        // random gaps seldom land there by chance.
        var missed = 0;
        for (var i = last + 1; i < sorted.Length; i++)
        {
            var k = Math.Round(sorted[i] / period);
            if (k is >= 2 and <= MaxMissedBeats + 1 && Math.Abs(sorted[i] - (k * period)) <= MissedBeatTolerance * period)
            {
                missed++;
            }
        }

        return ((double)(inside + missed) / sorted.Length, period);
    }

    /// <summary>Counts up to 48 are calibrated exactly; larger ones round down to a step of 1/8 of their power of two (a smaller count has the higher, safer threshold).</summary>
    private static int Bucket(int n)
    {
        if (n <= 48)
        {
            return n;
        }

        var step = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n + 1) / 16;
        return n / step * step;
    }

    /// <summary>
    /// The regular share that random series with <paramref name="gapCount"/> gaps stay under at the noise quantile,
    /// from seeded shuffles (computed once per count and cached; counts past 512 use 512's, which is conservative).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double NoiseThreshold(int gapCount)
    {
        var n = Bucket(Math.Clamp(gapCount, 3, MaxCalibratedGaps));
        var threshold = Volatile.Read(ref Thresholds[n]);
        if (double.IsNaN(threshold))
        {
            threshold = Calibrate(n);
            Volatile.Write(ref Thresholds[n], threshold);
        }

        return threshold;
    }

    private static double[] NewThresholdCache()
    {
        var cache = new double[MaxCalibratedGaps + 1];
        cache.AsSpan().Fill(double.NaN);
        return cache;
    }

    /// <summary>The noise threshold of <paramref name="n"/> gaps from seeded shuffles.</summary>
    private static double Calibrate(int n)
    {
        var rng = new Random(7919 * n);
        var shares = new ulong[Shuffles];
        var times = new uint[n + 1];
        var gapKeys = new uint[n];
        var scratch = new uint[n + 1];
        var gaps = new double[n];
        for (var s = 0; s < Shuffles; s++)
        {
            // n + 1 connections placed at random over a day, at whole seconds as flow logs have them. Whole seconds
            // and their gaps are integers, sorted as such (the same values in the same order as sorted doubles,
            // several times faster: calibration is a large part of the first analysis's scoring time).
            for (var i = 0; i <= n; i++)
            {
                times[i] = (uint)Math.Floor(rng.NextDouble() * 86_400);
            }

            Internal.RadixSort.Sort(times, scratch);
            var g = 0;
            for (var i = 1; i <= n; i++)
            {
                var gap = times[i] - times[i - 1];
                if (gap > 0)
                {
                    gapKeys[g++] = gap;
                }
            }

            Internal.RadixSort.Sort(gapKeys.AsSpan(0, g), scratch);
            for (var i = 0; i < g; i++)
            {
                gaps[i] = gapKeys[i];
            }

            // Shares are never negative, and the bits of non-negative doubles order as their values do: sorted as
            // integers, they give the same quantile.
            shares[s] = BitConverter.DoubleToUInt64Bits(g == 0 ? 0 : RegularShareSorted(gaps.AsSpan(0, g)).Share);
        }

        Array.Sort(shares);
        return BitConverter.UInt64BitsToDouble(shares[(int)Math.Ceiling(NoiseQuantile * (Shuffles - 1))]);
    }
}
