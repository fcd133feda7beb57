using CloudSniper.Core.Analytics;

namespace CloudSniper.Core.Tests.Analytics;

/// <summary>The facts RITA's own tests assert, and the issue repeats.</summary>
public sealed class RitaScoringTests
{
    private static uint[] FromGaps(params uint[] gaps)
    {
        var ts = new uint[gaps.Length + 1];
        ts[0] = 1517338924;
        for (var i = 0; i < gaps.Length; i++)
        {
            ts[i + 1] = ts[i] + gaps[i];
        }

        return ts;
    }

    [Fact]
    public void Timestamp_GivenConstantSixtySecondGaps_IsOne()
    {
        var score = RitaScoring.Timestamp(FromGaps(60, 60, 60, 60, 60, 60, 60, 60, 60))!.Value;

        Assert.Equal(1.0, score.Score);
        Assert.Equal(0, score.Mad);
    }

    [Fact]
    public void Timestamp_GivenCloselyValuedGaps_HasMadOneAndScores0995()
    {
        var score = RitaScoring.Timestamp(FromGaps(98, 99, 99, 100, 100, 100, 101, 101, 102))!.Value;

        Assert.Equal(1.0, score.Mad);
        Assert.Equal(0.0, score.Skew);
        Assert.Equal(0.995, score.Score, 3);
    }

    [Fact]
    public void Timestamp_GivenAlternating98And300_ForcesSkewToZeroAndScores0746()
    {
        var score = RitaScoring.Timestamp(FromGaps(98, 300, 98, 300, 98, 300, 98, 300, 98, 300))!.Value;

        Assert.Equal((98.0, 199.0, 300.0), (score.Q1, score.Q2, score.Q3));
        Assert.Equal(0.0, score.Skew);
        Assert.Equal(101.0, score.Mad);
        Assert.Equal(0.746, score.Score, 3);
    }

    [Fact]
    public void Timestamp_GivenRandomGaps_HasQuartiles13_5_90_1000AndScores0083()
    {
        var score = RitaScoring.Timestamp([1517338924, 1517338925, 1517339224, 1517339249, 1517344224, 1517344314, 1517344316, 1517344358, 1517344858, 1517346358])!.Value;

        Assert.Equal((13.5, 90.0, 1000.0), (score.Q1, score.Q2, score.Q3));
        Assert.Equal(0.845, score.Skew, 3);
        Assert.Equal(89.0, score.Mad);
        Assert.Equal(0.083, score.Score, 3);
    }

    [Fact]
    public void Timestamp_GivenZeroGaps_DropsThem()
    {
        // Duplicated timestamps add zero gaps that must not count: the series is still a perfect 60 s beacon.
        var score = RitaScoring.Timestamp([1000, 1000, 1060, 1060, 1120, 1180, 1240, 1240])!.Value;

        Assert.Equal(1.0, score.Score);
    }

    [Fact]
    public void Timestamp_GivenFewerThanFourTimestampsOrThreeNonZeroGaps_IsNull()
    {
        Assert.Null(RitaScoring.Timestamp([1, 2, 3]));
        Assert.Null(RitaScoring.Timestamp([60, 60, 60, 60, 60, 60, 60, 60, 60]));
    }

    [Fact]
    public void DataSize_GivenOneToTen_Scores0773()
    {
        var score = RitaScoring.DataSize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])!.Value;

        Assert.Equal(2.5, score.Mad);
        Assert.Equal(0.773, score.Score, 3);
    }

    [Fact]
    public void DataSize_GivenIdenticalSizes_IsOne() =>
        Assert.Equal(1.0, RitaScoring.DataSize([60, 60, 60, 60, 60, 60, 60, 60, 60])!.Value.Score);

    [Fact]
    public void MedianAbsoluteDeviation_MatchesTheSortedDeviations()
    {
        var rng = new Random(3);
        for (var round = 0; round < 200; round++)
        {
            // Few distinct values (many ties) in the first rounds, long series of fractions in the later ones.
            var values = round < 150
                ? Enumerable.Range(0, rng.Next(1, 40)).Select(_ => (double)rng.Next(0, 50)).Order().ToArray()
                : Enumerable.Range(0, rng.Next(1, 3000)).Select(_ => Math.Round(rng.NextDouble() * 1e4, 2)).Order().ToArray();
            var median = RitaScoring.Median(values);
            var expected = RitaScoring.Median(values.Select(v => Math.Abs(v - median)).Order().ToArray());

            Assert.Equal(expected, RitaScoring.MedianAbsoluteDeviation(values, median));
        }
    }

    [Fact]
    public void Histogram_GivenOneConnectionEveryHourOfTheDay_IsFlatAndFullyConsistent()
    {
        var ts = Enumerable.Range(0, 24).Select(h => (uint)(h * 3600) + 1800).ToArray();

        var h = RitaScoring.Histogram(0, 86400, ts);

        Assert.Equal(1.0, h.Score);
        Assert.Equal(24, h.TotalBars);
        Assert.Equal(24, h.LongestRun);
        Assert.Equal(1.0, RitaScoring.Duration(0, 86400, ts[0], ts[^1], h.TotalBars, h.LongestRun));
    }

    [Fact]
    public void Histogram_GivenAlternatingBusyAndQuietHours_ScoresTheBimodalFit()
    {
        // 12 hours with 10 connections and 12 with 2: the coefficient of variation is poor, the bimodal fit perfect.
        var ts = new List<uint>();
        for (var h = 0; h < 24; h++)
        {
            for (var k = 0; k < (h % 2 == 0 ? 10 : 2); k++)
            {
                ts.Add((uint)((h * 3600) + (k * 60)));
            }
        }

        var hist = RitaScoring.Histogram(0, 86400, ts.ToArray());

        Assert.Equal(1.0, hist.BimodalFitScore);
        Assert.True(hist.CoefficientOfVariationScore < 0.5);
        Assert.Equal(1.0, hist.Score);
    }

    [Fact]
    public void Duration_GivenFewerThanSixBars_IsZero() =>
        Assert.Equal(0, RitaScoring.Duration(0, 86400, 0, 18000, 5, 5));

    [Fact]
    public void Duration_GivenSixHoursOfADay_IsTheLongestRunOverTwelve() =>
        Assert.Equal(0.5, RitaScoring.Duration(0, 86400, 0, 6 * 3600, 6, 6));

    [Theory]
    [InlineData(1, 1, 1, 1, 1)]
    [InlineData(0.1, 0.2, 0.3, 0.4, 0.25)]
    public void Combine_WeightsEachSubScoreAQuarter(double ts, double ds, double hist, double dur, double expected) =>
        Assert.Equal(expected, RitaScoring.Combine(ts, ds, hist, dur), 3);

    [Theory]
    [InlineData(1_714_521_600, 1_714_608_000, 100, 1)]
    [InlineData(1_714_521_600, 1_714_608_000, 5000, 2)]
    [InlineData(1_714_521_600, 1_714_521_601, 300, 3)]
    [InlineData(1_714_521_600, 1_715_126_400, 2000, 4)]
    [InlineData(1_714_521_613, 1_714_522_000, 400, 5)]
    public void HistogramCoreSorted_CountsAsEachTimestampBinnedOnItsOwn(long windowStart, long windowEnd, int count, int seed)
    {
        // Timestamps from before the window to past its end, clustered so that some bins stay empty.
        var rng = new Random(seed);
        var span = windowEnd - windowStart;
        var ts = Enumerable.Range(0, count)
            .Select(_ => (uint)(windowStart - 10 + (rng.Next(3) == 0 ? rng.NextInt64(span + 20) : rng.NextInt64(Math.Max(1, span / 5)))))
            .Distinct().Order().ToArray();
        var expected = new int[RitaScoring.HistogramBins];
        var actual = new int[RitaScoring.HistogramBins];

        var a = RitaScoring.HistogramCore(windowStart, windowEnd, ts, expected);
        var b = RitaScoring.HistogramCoreSorted(windowStart, windowEnd, ts, actual);

        Assert.Equal(expected, actual);
        Assert.Equal(a, b);
    }
}
