using CloudSniper.Core.Analytics;
using CloudSniper.Core.FlowLogs;
using static CloudSniper.Core.Tests.Analytics.FlowRecords;

namespace CloudSniper.Core.Tests.Analytics;

public sealed class LongConnectionAnalyzerTests
{
    private const long T0 = 1_763_600_000;

    /// <summary>One connection logged as consecutive records of <paramref name="interval"/> seconds, as a flow log aggregates it.</summary>
    private static IEnumerable<FlowRecord> Held(string src, string dst, int srcPort, int dstPort, long start, long seconds, int interval = 600, int protocol = 6)
    {
        for (var t = start; t < start + seconds; t += interval)
        {
            yield return Record(src, dst, srcPort, dstPort, t, Math.Min(t + interval, start + seconds), bytes: 1000, protocol: protocol);
        }
    }

    private static IReadOnlyList<LongConnection> Find(IEnumerable<FlowRecord> records, BeaconOptions? options = null)
    {
        var aggregator = new FlowAggregator();
        foreach (var r in records)
        {
            aggregator.OnRecord(r);
        }

        return LongConnectionAnalyzer.Find(FlowPairs.Build([aggregator]), options);
    }

    [Fact]
    public void Ten_minute_records_of_one_5_tuple_are_joined_into_one_long_connection()
    {
        var found = Find(Held("10.0.0.5", "198.51.100.9", 40000, 22, T0, 5 * 3600));
        var c = Assert.Single(found);
        Assert.Equal(Ip("10.0.0.5"), c.Src);
        Assert.Equal(Ip("198.51.100.9"), c.Dst);
        Assert.Equal(5 * 3600, c.TotalSeconds);
        Assert.Equal(5 * 3600, c.LongestSeconds);
        Assert.Equal(1, c.Connections);
        Assert.Equal(30 * 1000, c.Bytes);
        Assert.Equal(LongConnectionLevel.Low, c.Level);
        Assert.Equal([(22, 6)], c.Ports);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(T0), c.FirstSeen);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(T0 + (5 * 3600)), c.LastSeen);
    }

    [Theory]
    [InlineData(59 * 60, null)]
    [InlineData(3600, LongConnectionLevel.Base)]
    [InlineData((4 * 3600) - 60, LongConnectionLevel.Base)]
    [InlineData(4 * 3600, LongConnectionLevel.Low)]
    [InlineData(8 * 3600, LongConnectionLevel.Medium)]
    [InlineData(12 * 3600, LongConnectionLevel.High)]
    [InlineData(20 * 3600, LongConnectionLevel.High)]
    public void Bands_follow_RITA_thresholds_of_1_4_8_and_12_hours(long seconds, LongConnectionLevel? level)
    {
        var found = Find(Held("10.0.0.5", "198.51.100.9", 40000, 443, T0, seconds, interval: 60));
        Assert.Equal(level, found.SingleOrDefault()?.Level);
    }

    [Fact]
    public void Connections_of_a_pair_add_up_over_gaps_and_ports()
    {
        // 45 minutes, a pause longer than the TCP join gap, 45 minutes more from another source port, and 20 minutes on UDP.
        var records = Held("10.0.0.7", "203.0.113.20", 41000, 443, T0, 45 * 60)
            .Concat(Held("10.0.0.7", "203.0.113.20", 41001, 443, T0 + 7200, 45 * 60))
            .Concat(Held("10.0.0.7", "203.0.113.20", 5000, 53, T0 + 100, 20 * 60, protocol: 17));
        var c = Assert.Single(Find(records));
        Assert.Equal((90 + 20) * 60, c.TotalSeconds);
        Assert.Equal(45 * 60, c.LongestSeconds);
        Assert.Equal(3, c.Connections);
        Assert.Equal(LongConnectionLevel.Base, c.Level);
        Assert.Equal([(443, 6), (53, 17)], c.Ports);
    }

    [Fact]
    public void Short_connections_and_allow_listed_destinations_are_left_out_and_the_rest_ranked_longest_first()
    {
        var records = Held("10.0.0.1", "198.51.100.1", 40000, 443, T0, 2 * 3600)
            .Concat(Held("10.0.0.2", "198.51.100.2", 40000, 443, T0, 9 * 3600))
            .Concat(Held("10.0.0.3", "198.51.100.3", 40000, 443, T0, 30 * 60))
            .Concat(Held("10.0.0.4", "192.0.2.10", 40000, 443, T0, 13 * 3600));
        var found = Find(records, new BeaconOptions { Allow = NetworkSet.Parse(["192.0.2.0/24"]) });
        Assert.Equal(["198.51.100.2", "198.51.100.1"], found.Select(c => c.Dst.ToString()));
        Assert.Equal([LongConnectionLevel.Medium, LongConnectionLevel.Base], found.Select(c => c.Level));
    }
}
