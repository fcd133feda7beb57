using CloudSniper.Core.Analytics;
using CloudSniper.Core.FlowLogs;
using CloudSniper.Core.Tests.Parsing;

namespace CloudSniper.Core.Tests.Analytics;

/// <summary>
/// Beacon scores on a flow log written outside the product (TestData/flowlogs/beacon-pairs.log, default version 2
/// format in the field order of the AWS page "Flow log records"; made by make-beacon-pairs.py beside it). The expected
/// RITA sub-scores were computed once by rita-expected.py from RITA v5's published analyzer (analysis/beacons.go:
/// Bowley skewness and MAD of the intervals and of the originator's bytes, the 24-bin histogram's CV or bimodal fit,
/// duration coverage or longest run, weights 0.25, default config) and are pinned here. The fixture's window is
/// 2024-06-01T00:00:00Z to 02:00:00Z, the first to the last connection of all pairs.
/// </summary>
public sealed class HandWrittenFlowLogBeaconTests
{
    // The sub-scores are rounded to three decimals by RITA and by the product: half a unit of the last place.
    private const double Rounding = 0.0005;

    private static readonly Lazy<BeaconReport> Report = new(() =>
    {
        using var file = File.OpenRead(TestFiles.TestData(Path.Combine("flowlogs", "beacon-pairs.log")));
        var aggregator = new FlowAggregator();
        var counters = new FlowLogReader().Read(file, "beacon-pairs.log", aggregator);
        Assert.Equal(0, counters.Rejected);
        return BeaconAnalyzer.Analyze(aggregator, new BeaconOptions { Parallelism = 1 });
    });

    private static Beacon Row(string dst) => Assert.Single(Report.Value.Scored, b => !b.AcrossPorts && b.Dst.ToString() == dst);

    [Fact]
    public void Analyze_GivenTheHandWrittenLog_UsesTheSpanOfItsConnectionsAsTheWindow()
    {
        Assert.Equal(DateTimeOffset.Parse("2024-06-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Report.Value.WindowStart);
        Assert.Equal(DateTimeOffset.Parse("2024-06-01T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Report.Value.WindowEnd);
    }

    [Theory]
    // Every 60 s for 2 h, 310 bytes each: 121 connections, 5 a bin (6 in the last, which holds the window's end).
    [InlineData("203.0.113.50", 443, 121, 1.000, 1.000, 1.000, 1.000, 1.000)]
    // Every 300 s with up to ±40 s of jitter, 489–550 bytes: 24 connections, two bins empty, two with 2.
    [InlineData("198.51.100.77", 8443, 24, 0.883, 0.869, 1.000, 1.000, 0.938)]
    // 17 bursts of browsing, 301–88,410 bytes: 8 bins seen, too few for the bimodal fit; spans 95 % of the window.
    [InlineData("192.0.2.80", 443, 17, 0.140, 0.147, 0.000, 0.946, 0.308)]
    public void Analyze_GivenTheHandWrittenLog_GivesRitasSubScores(string dst, int port, int connections, double timestamp, double dataSize, double histogram, double duration, double rita)
    {
        var row = Row(dst);

        Assert.Equal(port, row.DstPort);
        Assert.Equal(connections, row.Connections);
        Assert.Equal(timestamp, row.TimestampScore, Rounding);
        Assert.Equal(dataSize, row.DataSizeScore, Rounding);
        Assert.Equal(histogram, row.HistogramScore, Rounding);
        Assert.Equal(duration, row.DurationScore, Rounding);
        Assert.Equal(rita, row.RitaScore, Rounding);
    }

    [Theory]
    [InlineData("203.0.113.50", true)]
    [InlineData("198.51.100.77", true)]
    [InlineData("192.0.2.80", false)]
    public void Analyze_GivenTheHandWrittenLog_JudgesEachPairByTheDocumentedCombination(string dst, bool beacon)
    {
        var row = Row(dst);

        // The final score (BeaconAnalyzer's summary) is 0.5 · rita + 0.5 · sustained · (0.5 · periodicity + 0.25 ·
        // (timestamp + dataSize)) with sustained 1 past an hour of activity and prevalence 1 for a destination one host
        // talks to. Periodicity is the product's own, in [0, 1]: whatever it is, the score lies between these bounds,
        // and each pair's verdict against the 0.65 threshold follows from the pinned RITA figures alone.
        var floor = (0.5 * row.RitaScore) + (0.125 * (row.TimestampScore + row.DataSizeScore));
        Assert.InRange(row.Score, floor - Rounding, floor + 0.25 + Rounding);
        Assert.Equal(1.0, row.PrevalenceScore);
        Assert.Equal(beacon, row.IsBeacon);
        Assert.True(beacon ? floor >= BeaconOptions.DefaultThreshold : floor + 0.25 < BeaconOptions.DefaultThreshold, $"floor {floor:0.000}");
    }

    [Fact]
    public void Analyze_GivenAPairWithThreeConnections_LeavesItUnscored()
    {
        // RITA needs 4 unique timestamps (3 intervals) before it scores a pair.
        Assert.DoesNotContain(Report.Value.Scored, b => b.Dst.ToString() == "203.0.113.99");
        Assert.Equal(3, Report.Value.Scored.Count(b => !b.AcrossPorts));
    }
}
