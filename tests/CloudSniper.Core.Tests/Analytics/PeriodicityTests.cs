using CloudSniper.Core.Analytics;

namespace CloudSniper.Core.Tests.Analytics;

public sealed class PeriodicityTests
{
    private static uint[] Series(int beats, double period, double jitter, double drop, int seed)
    {
        var rng = new Random(seed);
        var ts = new List<uint>();
        var t = 1_000_000.0;
        for (var i = 0; i < beats; i++)
        {
            if (rng.NextDouble() >= drop)
            {
                ts.Add((uint)t);
            }

            t += period * (1 + (jitter * ((rng.NextDouble() * 2) - 1)));
        }

        return [.. ts.Distinct().Order()];
    }

    [Fact]
    public void Score_GivenAPerfectBeacon_IsOneWithItsPeriod()
    {
        var s = Periodicity.Score(Series(100, 300, 0, 0, 1));

        Assert.Equal(1.0, s.Score);
        Assert.Equal(300, s.Period, 0);
    }

    [Theory]
    [InlineData(0.2, 0.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.5, 0.2)]
    [InlineData(0.3, 0.1)]
    public void Score_GivenJitterAndMissedBeats_StaysWellAboveNoise(double jitter, double drop)
    {
        var scores = Enumerable.Range(1, 20).Select(seed => Periodicity.Score(Series(60, 600, jitter, drop, seed))).ToList();

        Assert.True(scores.Average(s => s.Score) > 0.5, $"mean score {scores.Average(s => s.Score)}");
        Assert.All(scores, s => Assert.InRange(s.Period, 420, 780));
    }

    [Fact]
    public void Score_GivenRandomTimes_IsNoiseMostOfTheTime()
    {
        var rng = new Random(5);
        var scores = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            var ts = Enumerable.Range(0, 60).Select(_ => (uint)rng.Next(0, 86400)).Distinct().Order().ToArray();
            scores.Add(Periodicity.Score(ts).Score);
        }

        // The threshold is the 95th percentile of shuffled series: about one random series in twenty beats it, barely.
        Assert.True(scores.Count(s => s > 0) <= 12, $"{scores.Count(s => s > 0)} random series scored");
        Assert.True(scores.Average() < 0.05);
    }

    [Fact]
    public void Score_GivenABurstOfOneSecondGaps_IsZero()
    {
        var ts = Enumerable.Range(0, 50).Select(i => (uint)(1000 + i)).ToArray();

        Assert.Equal(0, Periodicity.Score(ts).Score);
    }

    [Fact]
    public void NoiseThreshold_FallsAsTheSeriesGrows() =>
        Assert.True(Periodicity.NoiseThreshold(10) > Periodicity.NoiseThreshold(200));

    [Fact]
    public void Calibrated_EveryKeptThresholdIsWhatTheShufflesGive()
    {
        Assert.Equal(74, Periodicity.Calibrated.Length);
        foreach (var (gaps, threshold) in Periodicity.Calibrated)
        {
            Assert.True(Periodicity.Calibrate(gaps) == threshold, $"{gaps} gaps: kept {threshold}, shuffles give {Periodicity.Calibrate(gaps)}");
        }
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(48, 48)]
    [InlineData(51, 48)]
    [InlineData(53, 52)]
    [InlineData(300, 288)]
    [InlineData(511, 480)]
    [InlineData(10_000, 512)]
    [InlineData(0, 3)]
    public void NoiseThreshold_UsesTheBucketAtOrBelowTheCount(int gaps, int bucket) =>
        Assert.Equal(Periodicity.Calibrated.Single(c => c.Gaps == bucket).Threshold, Periodicity.NoiseThreshold(gaps));

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(48)]
    [InlineData(96)]
    [InlineData(256)]
    [InlineData(512)]
    public void NoiseThreshold_IsTheQuantileOfSeededShuffles(int gaps)
    {
        // The calibration spelled out over doubles: the same seeds, sorts and quantile give exactly the same value.
        var rng = new Random(7919 * gaps);
        var shares = new double[200];
        for (var s = 0; s < shares.Length; s++)
        {
            var times = Enumerable.Range(0, gaps + 1).Select(_ => Math.Floor(rng.NextDouble() * 86_400)).ToArray();
            Array.Sort(times);
            var positive = times.Zip(times.Skip(1), (a, b) => b - a).Where(g => g > 0).ToArray();
            shares[s] = positive.Length == 0 ? 0 : Periodicity.RegularShare(positive).Share;
        }

        Array.Sort(shares);

        Assert.Equal(shares[(int)Math.Ceiling(0.95 * 199)], Periodicity.NoiseThreshold(gaps));
    }
}
