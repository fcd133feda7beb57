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
    /// <see cref="Calibrate"/> for every count a bucket starts at, computed once and kept here: the shuffles cost a
    /// fifth of a second of CPU for all buckets, which every large run would otherwise pay again. A test recomputes
    /// each entry.
    /// </summary>
    internal static readonly (int Gaps, double Threshold)[] Calibrated =
    [
        (3, 1.0), (4, 1.0), (5, 1.0), (6, 1.0), (7, 0.8571428571428571), (8, 0.875), (9, 0.7777777777777778),
        (10, 0.8), (11, 0.8181818181818182), (12, 0.8333333333333334), (13, 0.7692307692307693),
        (14, 0.7857142857142857), (15, 0.8), (16, 0.75), (17, 0.7647058823529411), (18, 0.7777777777777778),
        (19, 0.7894736842105263), (20, 0.75), (21, 0.7142857142857143), (22, 0.7272727272727273),
        (23, 0.7391304347826086), (24, 0.7083333333333334), (25, 0.72), (26, 0.6923076923076923),
        (27, 0.7037037037037037), (28, 0.7142857142857143), (29, 0.7241379310344828), (30, 0.7333333333333333),
        (31, 0.7096774193548387), (32, 0.6875), (33, 0.7272727272727273), (34, 0.7058823529411765),
        (35, 0.6857142857142857), (36, 0.6944444444444444), (37, 0.7027027027027027), (38, 0.6842105263157895),
        (39, 0.717948717948718), (40, 0.675), (41, 0.7073170731707317), (42, 0.6904761904761905),
        (43, 0.6744186046511628), (44, 0.6818181818181818), (45, 0.6888888888888889), (46, 0.6956521739130435),
        (47, 0.6808510638297872), (48, 0.6666666666666666), (52, 0.6923076923076923), (56, 0.6607142857142857),
        (60, 0.6666666666666666), (64, 0.640625), (72, 0.6527777777777778), (80, 0.6625), (88, 0.6590909090909091),
        (96, 0.6354166666666666), (104, 0.6346153846153846), (112, 0.6396396396396397), (120, 0.6333333333333333),
        (128, 0.6328125), (144, 0.6388888888888888), (160, 0.6375), (176, 0.6193181818181818),
        (192, 0.6145833333333334), (208, 0.6201923076923077), (224, 0.6188340807174888), (240, 0.6041666666666666),
        (256, 0.62109375), (288, 0.6041666666666666), (320, 0.609375), (352, 0.6028571428571429),
        (384, 0.5984251968503937), (416, 0.6), (448, 0.600896860986547), (480, 0.6020833333333333),
        (512, 0.59765625)
    ];

    /// <summary>The calibrated threshold for every gap count up to <see cref="MaxCalibratedGaps"/>, through its bucket.</summary>
    private static readonly double[] ThresholdByCount = ByCount();

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
    /// from seeded shuffles (<see cref="Calibrate"/>, kept per bucket of counts; counts past 512 use 512's, which is conservative).
    /// </summary>
    public static double NoiseThreshold(int gapCount) => ThresholdByCount[Math.Clamp(gapCount, 3, MaxCalibratedGaps)];

    /// <summary>
    /// The noise threshold for <paramref name="n"/> gaps from first principles: 200 seeded series of n + 1 connections
    /// placed at random over a day, the regular share of each, and the share at the noise quantile.
    /// </summary>
    internal static double Calibrate(int n)
    {
        var rng = new Random(7919 * n);
        var shares = new double[Shuffles];
        var times = new double[n + 1];
        var gaps = new double[n];
        for (var s = 0; s < Shuffles; s++)
        {
            // n + 1 connections placed at random over a day, at whole seconds as flow logs have them.
            for (var i = 0; i <= n; i++)
            {
                times[i] = Math.Floor(rng.NextDouble() * 86_400);
            }

            Array.Sort(times);
            var g = 0;
            for (var i = 1; i <= n; i++)
            {
                var gap = times[i] - times[i - 1];
                if (gap > 0)
                {
                    gaps[g++] = gap;
                }
            }

            var sortedGaps = gaps.AsSpan(0, g);
            sortedGaps.Sort();
            shares[s] = g == 0 ? 0 : RegularShareSorted(sortedGaps).Share;
        }

        Array.Sort(shares);
        return shares[(int)Math.Ceiling(NoiseQuantile * (Shuffles - 1))];
    }

    /// <summary>The bucket of every gap count, looked up once in <see cref="Calibrated"/>.</summary>
    private static double[] ByCount()
    {
        var byCount = new double[MaxCalibratedGaps + 1];
        var k = 0;
        for (var n = 3; n <= MaxCalibratedGaps; n++)
        {
            var bucket = Bucket(n);
            while (Calibrated[k].Gaps < bucket)
            {
                k++;
            }

            byCount[n] = Calibrated[k].Gaps == bucket
                ? Calibrated[k].Threshold
                : throw new InvalidOperationException($"no calibrated noise threshold for {bucket} gaps");
        }

        return byCount;
    }
}
