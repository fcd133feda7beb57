using CloudSniper.Core.Analytics;
using CloudSniper.Core.Dns;
using static CloudSniper.Core.Tests.Analytics.FlowRecords;

namespace CloudSniper.Core.Tests.Analytics;

public sealed class BeaconDnsCorroborationTests
{
    private static Beacon Row(string src, string dst, double score, int port = 443, double threshold = 0.7) => new()
    {
        Src = Ip(src),
        Dst = Ip(dst),
        DstPort = port,
        Protocol = 6,
        Score = score,
        IsBeacon = score >= threshold,
    };

    private static DnsDetection Tunnel(string source, params string[] addresses) => new()
    {
        Kind = DnsDetectionKind.Beacon,
        Domain = "c2-example.net",
        Sources = [source],
        Score = 0.9,
        ResolvedAddresses = addresses,
        Evidence = new Dictionary<string, object>(),
    };

    private static BeaconReport Report(IReadOnlyList<Beacon> scored) => new()
    {
        Scored = scored,
        Beacons = [.. scored.Where(b => b.IsBeacon)],
        Strobes = [],
        Threshold = 0.7,
    };

    [Fact]
    public void A_pair_whose_destination_the_same_source_resolved_in_a_DNS_detection_moves_half_way_to_one()
    {
        var strong = Row("10.0.0.5", "198.51.100.9", 0.8);
        var other = Row("10.0.0.6", "198.51.100.9", 0.75);
        var result = BeaconDnsCorroboration.Apply(Report([strong, other]), [Tunnel("10.0.0.5", "198.51.100.9")]);

        var raised = Assert.Single(result.Beacons, b => b.Src == Ip("10.0.0.5"));
        Assert.Equal(0.9, raised.Score);
        Assert.Equal("c2-example.net", raised.DnsDomain);

        // Another source talking to the same address is not corroborated by this source's queries.
        var untouched = Assert.Single(result.Beacons, b => b.Src == Ip("10.0.0.6"));
        Assert.Equal(0.75, untouched.Score);
        Assert.Null(untouched.DnsDomain);
    }

    [Fact]
    public void A_pair_below_the_threshold_that_corroboration_lifts_over_it_becomes_a_beacon()
    {
        var weak = Row("10.0.0.5", "198.51.100.9", 0.5);
        var result = BeaconDnsCorroboration.Apply(Report([weak]), [Tunnel("10.0.0.5", "203.0.113.1", "198.51.100.9")]);
        var row = Assert.Single(result.Beacons);
        Assert.Equal(0.75, row.Score);
        Assert.True(row.IsBeacon);
        Assert.Same(row, Assert.Single(result.Scored));
    }

    [Fact]
    public void Without_a_matching_answer_the_report_is_unchanged()
    {
        var report = Report([Row("10.0.0.5", "198.51.100.9", 0.8)]);
        Assert.Same(report, BeaconDnsCorroboration.Apply(report, [Tunnel("10.0.0.5")]));
        Assert.Equal(0.8, BeaconDnsCorroboration.Apply(report, [Tunnel("10.0.0.7", "198.51.100.9")]).Beacons[0].Score);
    }
}
