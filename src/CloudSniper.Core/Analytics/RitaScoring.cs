using System.Runtime.CompilerServices;

namespace CloudSniper.Core.Analytics;

/// <summary>
/// RITA v5's beacon sub-scores, reimplemented from its published formulas: timestamp and data-size regularity
/// (Bowley skewness and median absolute deviation), the connection histogram (coefficient of variation or bimodal
/// fit over 24 bins) and duration (coverage or longest run). Each is in [0, 1], rounded to three decimals as RITA does.
/// </summary>
public static class RitaScoring
{
    /// <summary>Bins of the connection histogram.</summary>
    public const int HistogramBins = 24;

    /// <summary>Bar heights within this share of the tallest bar fall into one mode of the bimodal fit.</summary>
    public const double ModeSensitivity = 0.05;

    /// <summary>Bars the bimodal fit may leave out as outliers.</summary>
    public const int BimodalOutlierRemoval = 1;

    /// <summary>Non-empty bins needed before the bimodal fit applies.</summary>
    public const int BimodalMinBars = 11;

    /// <summary>Non-empty bins needed before the duration score applies.</summary>
    public const int DurationMinBars = 6;

    /// <summary>A run of this many consecutive non-empty bins gives a full consistency score.</summary>
    public const int DurationIdealRun = 12;

    /// <summary>
    /// Quartiles as RITA's statistics library computes them: Q2 the median; Q1 and Q3 the medians of the lower and
    /// upper halves, the middle value excluded when the count is odd. <paramref name="sorted"/> needs 3 values or more.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Q1, double Q2, double Q3) Quartiles(ReadOnlySpan<double> sorted)
    {
        if (sorted.Length < 3)
        {
            throw new ArgumentException("quartiles need at least 3 values", nameof(sorted));
        }

        var n = sorted.Length;
        var half = n / 2;
        var lower = sorted[..half];
        var upper = n % 2 == 0 ? sorted[half..] : sorted[(half + 1)..];
        return (Median(lower), Median(sorted), Median(upper));
    }

    /// <summary>
    /// The median of |x − <paramref name="median"/>| over sorted values, in logarithmic time: the deviations left of
    /// the median and those right of it are each already sorted, so the middle one or two of both together are found
    /// by binary search, as the k-th smallest of two sorted sequences.
    /// </summary>
    public static double MedianAbsoluteDeviation(ReadOnlySpan<double> sorted, double median)
    {
        var n = sorted.Length;
        if (n == 0)
        {
            return 0;
        }

        // The first value not below the median: deviations left of it are median − x, from it on x − median.
        int lo = 0, hi = n;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] < median)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var left = sorted[..lo];
        var right = sorted[lo..];
        var current = SmallestDeviation(left, right, median, n / 2);
        return n % 2 == 1 ? current : (SmallestDeviation(left, right, median, (n / 2) - 1) + current) / 2.0;
    }

    /// <summary>
    /// The <paramref name="k"/>-th smallest (from 0) of the deviations median − x over <paramref name="left"/> (which
    /// ascend from its end) and x − median over <paramref name="right"/> (which ascend from its start).
    /// </summary>
    private static double SmallestDeviation(ReadOnlySpan<double> left, ReadOnlySpan<double> right, double median, int k)
    {
        // Take i deviations from the left and k + 1 − i from the right: the fewest i whose next left deviation is not
        // below the last right one taken.
        var lo = Math.Max(0, k + 1 - right.Length);
        var hi = Math.Min(left.Length, k + 1);
        while (lo < hi)
        {
            var i = (int)((uint)(lo + hi) >> 1);
            if (median - left[left.Length - 1 - i] < right[k - i] - median)
            {
                lo = i + 1;
            }
            else
            {
                hi = i;
            }
        }

        var fromRight = k + 1 - lo;
        var lastLeft = lo > 0 ? median - left[left.Length - lo] : double.NegativeInfinity;
        var lastRight = fromRight > 0 ? right[fromRight - 1] - median : double.NegativeInfinity;
        return Math.Max(lastLeft, lastRight);
    }

    /// <summary>The median of sorted values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Median(ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        if (n == 0)
        {
            return 0;
        }

        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2.0;
    }

    /// <summary>
    /// RITA's statistical score of sorted values: Bowley skewness (zero when Q3 − Q1 &lt; 10 or Q2 equals Q1 or Q3),
    /// skew score 1 − |skew|; MAD score (median − MAD) / median floored at 0 (<paramref name="defaultMadScore"/> when
    /// the median is below 1); the score is their mean.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static StatisticalScore Statistical(ReadOnlySpan<double> sorted, double defaultMadScore)
    {
        var (q1, q2, q3) = Quartiles(sorted);
        var num = q1 + q3 - (2 * q2);
        var den = q3 - q1;
        var skew = den >= 10 && q2 != q1 && q2 != q3 ? num / den : 0.0;
        var skewScore = 1.0 - Math.Abs(skew);
        var median = q2;
        var mad = MedianAbsoluteDeviation(sorted, median);
        var madScore = median >= 1 ? (median - mad) / median : defaultMadScore;
        if (madScore < 0 || double.IsNaN(madScore))
        {
            madScore = 0;
        }

        var score = Round3((skewScore + madScore) / 2.0);
        return new StatisticalScore(score, skew, skewScore, mad, madScore, q1, q2, q3);
    }

    /// <summary>
    /// The timestamp score of a connection series (Unix seconds, any order): the statistical score of the gaps
    /// between consecutive connections, zero gaps dropped. Null with fewer than 4 timestamps or 3 non-zero gaps.
    /// </summary>
    public static StatisticalScore? Timestamp(ReadOnlySpan<uint> timestamps)
    {
        if (timestamps.Length < 4)
        {
            return null;
        }

        var sorted = timestamps.ToArray();
        Array.Sort(sorted);
        var gaps = new List<double>(sorted.Length - 1);
        for (var i = 1; i < sorted.Length; i++)
        {
            var gap = sorted[i] - sorted[i - 1];
            if (gap > 0)
            {
                gaps.Add(gap);
            }
        }

        if (gaps.Count < 3)
        {
            return null;
        }

        gaps.Sort();
        return Statistical(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(gaps), 1.0);
    }

    /// <summary>
    /// The timestamp score from the gaps between sorted unique timestamps (all non-zero), already sorted. Null with
    /// fewer than 3 gaps, as <see cref="Timestamp"/> is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static StatisticalScore? TimestampOfSortedGaps(ReadOnlySpan<double> sortedGaps) =>
        sortedGaps.Length < 3 ? null : Statistical(sortedGaps, 1.0);

    /// <summary>The data-size score: the statistical score of the bytes of each connection. Null with fewer than 3.</summary>
    public static StatisticalScore? DataSize(ReadOnlySpan<double> bytes)
    {
        if (bytes.Length < 3)
        {
            return null;
        }

        var sorted = bytes.ToArray();
        Array.Sort(sorted);
        return Statistical(sorted, 0.0);
    }

    /// <summary>
    /// The histogram score: connections counted in <paramref name="bins"/> equal bins over [<paramref name="windowStart"/>,
    /// <paramref name="windowEnd"/>]; 1 − coefficient of variation of the bin counts, or, when at least 11 bins are
    /// non-empty, the bimodal fit (the share of non-empty bins in the two most common bar heights), whichever is higher.
    /// </summary>
    public static HistogramScore Histogram(long windowStart, long windowEnd, ReadOnlySpan<uint> sortedTimestamps, int bins = HistogramBins)
    {
        var counts = new int[bins];
        var (cv, bimodal, totalBars, longest) = HistogramCore(windowStart, windowEnd, sortedTimestamps, counts);
        return new HistogramScore(counts, totalBars, longest, cv, bimodal, Math.Max(cv, bimodal));
    }

    /// <summary>The histogram test into <paramref name="counts"/> (one element per bin), each timestamp binned on its own.</summary>
    internal static (double CvScore, double Bimodal, int TotalBars, int LongestRun) HistogramCore(long windowStart, long windowEnd, ReadOnlySpan<uint> sortedTimestamps, Span<int> counts)
    {
        var bins = counts.Length;
        counts.Clear();
        if (windowEnd <= windowStart)
        {
            windowEnd = windowStart + 1;
        }

        var step = (double)(windowEnd - windowStart) / bins;
        foreach (var t in sortedTimestamps)
        {
            counts[Bin(t, windowStart, step, bins)]++;
        }

        return ScoreBins(counts);
    }

    /// <summary>
    /// As <see cref="HistogramCore"/> for timestamps that are sorted (the analyzer's unique starts): a timestamp's bin
    /// never falls as time goes on, so a binary search per bin finds where each bin ends, the same bin arithmetic
    /// deciding, in 24 · log n steps instead of a division per timestamp.
    /// </summary>
    internal static (double CvScore, double Bimodal, int TotalBars, int LongestRun) HistogramCoreSorted(long windowStart, long windowEnd, ReadOnlySpan<uint> sortedTimestamps, Span<int> counts)
    {
        var bins = counts.Length;
        var n = sortedTimestamps.Length;
        if (n < 4 * bins)
        {
            return HistogramCore(windowStart, windowEnd, sortedTimestamps, counts);
        }

        counts.Clear();
        if (windowEnd <= windowStart)
        {
            windowEnd = windowStart + 1;
        }

        var step = (double)(windowEnd - windowStart) / bins;
        var lo = 0;
        for (var b = 0; b < bins - 1 && lo < n; b++)
        {
            // The first timestamp past bin b.
            int l = lo, h = n;
            while (l < h)
            {
                var m = (int)((uint)(l + h) >> 1);
                if (Bin(sortedTimestamps[m], windowStart, step, bins) > b)
                {
                    h = m;
                }
                else
                {
                    l = m + 1;
                }
            }

            counts[b] = l - lo;
            lo = l;
        }

        // Whatever is left lies in the last bin (later timestamps are clamped into it).
        counts[bins - 1] += n - lo;
        return ScoreBins(counts);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bin(uint t, long windowStart, double step, int bins) => Math.Clamp((int)Math.Floor((t - windowStart) / step), 0, bins - 1);

    /// <summary>The histogram test of bin counts: coefficient-of-variation score, bimodal fit, non-empty bins and the longest run of them.</summary>
    private static (double CvScore, double Bimodal, int TotalBars, int LongestRun) ScoreBins(ReadOnlySpan<int> counts)
    {
        var bins = counts.Length;
        var totalBars = 0;
        var largest = 0;
        var total = 0;
        foreach (var c in counts)
        {
            total += c;
            if (c > 0)
            {
                totalBars++;
            }

            largest = Math.Max(largest, c);
        }

        // Longest run of non-empty bins, wrapping from the end of the window to its start (two sweeps; no modulo,
        // whose division would cost more than the rest of the test).
        var longest = 0;
        var run = 0;
        for (var i = 0; i < bins * 2; i++)
        {
            if (counts[i < bins ? i : i - bins] > 0)
            {
                run++;
                longest = Math.Max(longest, run);
            }
            else
            {
                run = 0;
            }
        }

        longest = Math.Min(longest, bins);

        var cvScore = 0.0;
        if (total > 0)
        {
            var mean = (double)total / bins;
            var sd = 0.0;
            foreach (var c in counts)
            {
                sd += (c - mean) * (c - mean);
            }

            sd = Math.Sqrt(sd / bins);
            var cv = sd / mean;
            cvScore = cv > 1.0 ? 0.0 : Math.Min(1.0, Round3(1.0 - cv));
        }

        var bimodal = 0.0;
        if (totalBars >= BimodalMinBars && largest > 0)
        {
            // Bars of similar height (within 5 % of the tallest) share a mode; the fit is the share of bars in the two biggest modes.
            var binSize = Math.Ceiling(largest * ModeSensitivity);
            Span<int> modes = stackalloc int[bins];
            Span<int> modeCounts = stackalloc int[bins];
            var distinct = 0;
            foreach (var c in counts)
            {
                if (c > 0)
                {
                    var mode = (int)(Math.Floor(c / binSize) * binSize);
                    var at = modes[..distinct].IndexOf(mode);
                    if (at < 0)
                    {
                        modes[distinct] = mode;
                        modeCounts[distinct++] = 1;
                    }
                    else
                    {
                        modeCounts[at]++;
                    }
                }
            }

            var top = modeCounts[..distinct];
            top.Sort();
            var sum = top[^1] + (distinct > 1 ? top[^2] : 0);
            var adjusted = Math.Max(totalBars - BimodalOutlierRemoval, 1);
            bimodal = Math.Min(1.0, Round3((double)sum / adjusted));
        }

        return (cvScore, bimodal, totalBars, longest);
    }

    /// <summary>
    /// The duration score: with at least 6 non-empty bins, the higher of the coverage of the window by the pair's first
    /// to last connection and the longest run of non-empty bins over 12; otherwise 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Duration(long windowStart, long windowEnd, long first, long last, int totalBars, int longestRun)
    {
        if (totalBars < DurationMinBars || windowEnd <= windowStart || last <= first)
        {
            return 0;
        }

        var coverage = Math.Min(1.0, Math.Ceiling((double)(last - first) / (windowEnd - windowStart) * 1000) / 1000);
        var consistency = Math.Min(1.0, Math.Ceiling((double)longestRun / DurationIdealRun * 1000) / 1000);
        return Math.Max(coverage, consistency);
    }

    /// <summary>RITA's beacon score: the four sub-scores weighted 0.25 each, rounded to three decimals.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Combine(double timestamp, double dataSize, double histogram, double duration) =>
        Round3((timestamp + dataSize + histogram + duration) * 0.25);

    internal static double Round3(double x) => Math.Round(x * 1000, MidpointRounding.AwayFromZero) / 1000;
}
