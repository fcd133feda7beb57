using CloudSniper.Core.Analytics;
using CloudSniper.Core.Analytics.Synthetic;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Tests.Analytics;

/// <summary>
/// Recall and precision on generated flow logs, read end to end through the text reader. Targets: every beacon with
/// jitter ≤ 20 % and at least 24 beats found, recall ≥ 0.9 over all planted beacons, precision ≥ 0.9 with fleet-wide
/// agents counted as false positives.
/// </summary>
public sealed class DetectionQualityTests
{
    private static (DetectionQuality Quality, SyntheticFlowLogs Data) Run(SyntheticOptions options, FlowLogFormat? format = null)
    {
        var data = new SyntheticFlowLogs(options);
        using var text = new MemoryStream();
        data.WriteTo(text, format);
        text.Position = 0;
        var aggregator = new FlowAggregator();
        var counters = new FlowLogReader().Read(text, "synthetic.log", aggregator);
        Assert.Equal(0, counters.Rejected);
        var report = BeaconAnalyzer.Analyze(aggregator);
        return (DetectionQuality.Evaluate(report, data), data);
    }

    private static void AssertTargets(DetectionQuality q, SyntheticFlowLogs data)
    {
        var easy = data.Beacons.Where(b => b.Jitter <= 0.2 && b.Beats >= 24).ToList();
        Assert.NotEmpty(easy);
        Assert.All(easy, b => Assert.DoesNotContain(b, q.Missed));
        Assert.True(q.Recall >= 0.9, $"recall {q.Recall:0.000}; missed {string.Join("; ", q.Missed)}");
        Assert.True(q.Precision >= 0.9, $"precision {q.Precision:0.000}; false positives {string.Join("; ", q.Spurious.Select(s => $"{s.Src}->{s.Dst}:{s.DstPort} {s.Score}"))}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Detect_GivenADayOfTrafficWithPlantedBeacons_MeetsTheTargets(int seed)
    {
        var (q, data) = Run(new SyntheticOptions { Seed = seed, Hosts = 50, Beacons = 25 });

        AssertTargets(q, data);
        Assert.Equal(0, q.FleetAgentFalsePositives);
    }

    [Fact]
    public void Detect_GivenSlowBeaconsOverAWeek_MeetsTheTargets()
    {
        var (q, data) = Run(new SyntheticOptions { Seed = 11, Hosts = 25, Beacons = 15, Duration = TimeSpan.FromDays(7), MinPeriod = 3600, MaxPeriod = 4 * 3600, SessionsPerHostPerHour = 2 });

        AssertTargets(q, data);
    }

    [Fact]
    public void Detect_GivenCustomV5FormatWithFlowDirection_MeetsTheTargets()
    {
        var format = FlowLogFormat.Parse("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id flow-direction traffic-path");

        var (q, data) = Run(new SyntheticOptions { Seed = 21, Hosts = 40, Beacons = 20 }, format);

        AssertTargets(q, data);
    }

    [Fact]
    public void Detect_GivenOnlyEgressRecords_MeetsTheTargets()
    {
        var (q, data) = Run(new SyntheticOptions { Seed = 31, Hosts = 40, Beacons = 20, BothDirections = false });

        AssertTargets(q, data);
    }

    [Fact]
    public void Generate_GivenTheSameSeed_GivesTheSameRecords()
    {
        var a = new SyntheticFlowLogs(new SyntheticOptions { Seed = 5, Hosts = 5, Beacons = 3 }).Records().Take(2000).ToList();
        var b = new SyntheticFlowLogs(new SyntheticOptions { Seed = 5, Hosts = 5, Beacons = 3 }).Records().Take(2000).ToList();

        Assert.Equal(a, b);
    }
}
