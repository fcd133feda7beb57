using CloudSniper.Core.Analytics;
using CloudSniper.Core.FlowLogs;
using static CloudSniper.Core.Tests.Analytics.FlowRecords;

namespace CloudSniper.Core.Tests.Analytics;

public sealed class FlowAggregatorTests
{
    private static BeaconReport Analyze(IEnumerable<FlowRecord> records, FlowAggregatorOptions? aggregation = null, BeaconOptions? options = null)
    {
        var aggregator = new FlowAggregator(aggregation);
        foreach (var r in records)
        {
            aggregator.OnRecord(r);
        }

        return BeaconAnalyzer.Analyze(aggregator, (options ?? new BeaconOptions()) with { Parallelism = 1 });
    }

    [Fact]
    public void Prepare_ScoresItsBuiltInSeriesOnEveryPath()
    {
        var report = BeaconAnalyzer.Prepare();

        // The beacon on one port, the chatter over five ports (scored per port and across them) and the UDP flow.
        var beacon = Assert.Single(report.Beacons, b => b.DstPort == 443);
        Assert.InRange(beacon.Period, 270, 330);
        Assert.Contains(report.Scored, b => b.AcrossPorts && b.Ports.Count == 5);
        Assert.Contains(report.Scored, b => b.Protocol == 17);
    }

    [Fact]
    public void OnRecord_GivenRequestAndReply_OrientsBothOntoTheInternalHost()
    {
        var aggregator = new FlowAggregator();
        aggregator.OnRecord(Record("10.0.0.5", "198.51.100.9", 40000, 443, 1000, bytes: 300));
        aggregator.OnRecord(Record("198.51.100.9", "10.0.0.5", 443, 40000, 1000, bytes: 5000));

        var pairs = FlowPairs.Build([aggregator]);

        Assert.Equal(1, pairs.PairCount);
        Assert.Equal(2, aggregator.Counters.Outbound);
        Assert.Equal(300, pairs.Pairs[0].Bytes);
    }

    [Fact]
    public void OnRecord_GivenInboundScanFromAFixedPort_DoesNotMakeAPair()
    {
        var aggregator = new FlowAggregator();
        for (var i = 0; i < 50; i++)
        {
            aggregator.OnRecord(Record("198.51.100.66", "10.0.0.5", 54321, 22, 1000 + (i * 300), action: FlowAction.Reject));
        }

        Assert.Equal(0, aggregator.PairCount);
        Assert.Equal(50, aggregator.Counters.Inbound);
    }

    [Fact]
    public void OnRecord_GivenFlowDirection_TrustsItOverAddressSpace()
    {
        // With configured internal networks that do not cover 100.64/10, flow-direction still names the local side.
        var aggregator = new FlowAggregator(new FlowAggregatorOptions { Internal = NetworkSet.Parse(["192.168.0.0/16"]) });
        aggregator.OnRecord(Record("100.64.3.4", "198.51.100.9", 40000, 443, 1000, direction: FlowDirection.Egress));

        Assert.Equal(1, aggregator.PairCount);
        Assert.Equal(1, aggregator.Counters.Outbound);
    }

    [Fact]
    public void OnRecord_GivenConfiguredInternalNetworks_UsesThemInsteadOfPrivateSpace()
    {
        var aggregator = new FlowAggregator(new FlowAggregatorOptions { Internal = NetworkSet.Parse(["203.0.113.0/24"]) });
        aggregator.OnRecord(Record("203.0.113.10", "10.9.9.9", 40000, 443, 1000));
        aggregator.OnRecord(Record("10.0.0.1", "10.9.9.9", 40000, 443, 1000));

        Assert.Equal(1, aggregator.PairCount);
        Assert.Equal(1, aggregator.Counters.ExternalOnly);
    }

    [Fact]
    public void OnRecord_GivenTrafficBetweenInternalHosts_CountsItAndSkipsIt()
    {
        var aggregator = new FlowAggregator();
        aggregator.OnRecord(Record("10.0.0.1", "10.0.0.2", 40000, 5432, 1000));

        Assert.Equal(0, aggregator.PairCount);
        Assert.Equal(1, aggregator.Counters.InternalOnly);
    }

    [Fact]
    public void OnRecord_GivenRecordsOutsideTheWindow_DropsThem()
    {
        var aggregator = new FlowAggregator(new FlowAggregatorOptions { Since = DateTimeOffset.FromUnixTimeSeconds(2000), Until = DateTimeOffset.FromUnixTimeSeconds(3000) });
        aggregator.OnRecord(Record("10.0.0.1", "198.51.100.9", 40000, 443, 1000));
        aggregator.OnRecord(Record("10.0.0.1", "198.51.100.9", 40000, 443, 2500));
        aggregator.OnRecord(Record("10.0.0.1", "198.51.100.9", 40000, 443, 3000));

        Assert.Equal(2, aggregator.Counters.OutsideWindow);
        Assert.Equal(1, aggregator.Counters.Outbound);
    }

    [Fact]
    public void Analyze_GivenABusyConnectionLoggedInTenMinuteWindows_JoinsIt()
    {
        var records = new List<FlowRecord>();
        for (long w = 0; w < 144; w++)
        {
            records.Add(Record("10.0.0.7", "198.51.100.22", 45002, 443, 1_700_000_000 + (w * 600) + 2, 1_700_000_000 + (w * 600) + 597, 90_000));
        }

        Assert.Empty(Analyze(records).Scored);
    }

    [Fact]
    public void Analyze_GivenAFixedPortUdpBeaconSlowerThanTheJoinGap_StillFindsIt()
    {
        var records = new List<FlowRecord>();
        var rng = new Random(9);
        var t = 1_700_000_000.0;
        for (var i = 0; i < 300; i++)
        {
            records.Add(Record("10.0.0.6", "198.51.100.23", 40123, 53, (long)t, (long)t, 120, protocol: 17));
            t += 240 * (1 + (0.3 * ((rng.NextDouble() * 2) - 1)));
        }

        var beacon = Assert.Single(Analyze(records).Beacons);
        Assert.InRange(beacon.Period, 200, 280);
    }

    [Fact]
    public void Analyze_GivenALongLivedConnectionLoggedEveryMinute_JoinsItInsteadOfCallingItABeacon()
    {
        // One 5-tuple, one record per 60 s aggregation window for 12 hours: a perfect-looking 60 s series unless joined.
        var records = new List<FlowRecord>();
        for (long w = 0; w < 720; w++)
        {
            records.Add(Record("10.0.0.7", "198.51.100.20", 45000, 443, 1_700_000_000 + (w * 60), 1_700_000_000 + (w * 60) + 59, 2000));
            records.Add(Record("198.51.100.20", "10.0.0.7", 443, 45000, 1_700_000_000 + (w * 60), 1_700_000_000 + (w * 60) + 59, 9000));
        }

        var report = Analyze(records);

        Assert.Empty(report.Beacons);
        Assert.Empty(report.Scored);
    }

    [Fact]
    public void Analyze_GivenAnIdleConnectionWithAKeepAliveEachWindow_JoinsIt()
    {
        // A single-instant record per 60 s aggregation window, anywhere in it, on one 5-tuple: joined, not a beacon.
        var rng = new Random(8);
        var records = new List<FlowRecord>();
        for (long w = 0; w < 720; w++)
        {
            var t = 1_700_000_000 + (w * 60) + rng.Next(0, 60);
            records.Add(Record("10.0.0.8", "198.51.100.21", 45001, 443, t, t, 60));
        }

        var report = Analyze(records);

        Assert.Empty(report.Beacons);
        Assert.Empty(report.Scored);
    }

    [Fact]
    public void Analyze_GivenAnIdleTcpConnectionLoggedEvery600sWindow_JoinsIt()
    {
        // A keep-alive every 300 s on one TCP 5-tuple, logged by an instance with 600 s aggregation windows: a record a
        // window from its first keep-alive to its second, 300 s apart from the next record. Unjoined, a perfect 600 s
        // beacon.
        var records = new List<FlowRecord>();
        for (long w = 0; w < 144; w++)
        {
            var t = 1_700_000_000 + (w * 600) + 17;
            records.Add(Record("10.0.0.11", "198.51.100.22", 45002, 443, t, t + 300, 120));
            records.Add(Record("198.51.100.22", "10.0.0.11", 443, 45002, t, t + 300, 120));
        }

        var report = Analyze(records);

        Assert.Empty(report.Beacons);
        Assert.Empty(report.Scored);
    }

    [Fact]
    public void Analyze_GivenAFixedPortUdpBeaconEvery300s_StillFindsIt()
    {
        // UDP has no connection to keep: one socket beaconing every 300 s is a beat a record, not one long flow.
        var records = new List<FlowRecord>();
        for (long beat = 0; beat < 200; beat++)
        {
            var t = 1_700_000_000 + (beat * 300);
            records.Add(Record("10.0.0.12", "198.51.100.23", 51000, 53, t, t, 90, protocol: 17));
            records.Add(Record("198.51.100.23", "10.0.0.12", 53, 51000, t, t, 140, protocol: 17));
        }

        var report = Analyze(records);

        var beacon = Assert.Single(report.Beacons);
        Assert.Equal(17, beacon.Protocol);
        Assert.Equal(300, beacon.Period, 0);
        Assert.Equal(200, beacon.Connections);
    }

    [Fact]
    public void Analyze_GivenTheSameRecordsUnjoinable_WouldHaveScoredThemAsABeacon()
    {
        // The control for the test above: new source ports make each window its own connection, a clear 60 s beacon.
        var records = new List<FlowRecord>();
        for (long w = 0; w < 720; w++)
        {
            records.Add(Record("10.0.0.7", "198.51.100.20", 33000 + (int)w, 443, 1_700_000_000 + (w * 60), 1_700_000_000 + (w * 60) + 1, 2000));
        }

        var report = Analyze(records);

        var beacon = Assert.Single(report.Beacons);
        Assert.Equal(60, beacon.Period, 0);
    }

    [Fact]
    public void Analyze_GivenAnHourlyBeaconOverAWeek_FindsItWithItsPeriod()
    {
        var records = Beacon("10.0.0.9", "198.51.100.30", 8443, 1_700_000_000, 7 * 24, 3600, 0.1).ToList();
        records.AddRange(Beacon("10.0.0.10", "198.51.100.31", 443, 1_700_000_000, 3, 50000));

        var report = Analyze(records);

        var beacon = Assert.Single(report.Beacons);
        Assert.Equal("198.51.100.30", beacon.Dst.ToString());
        Assert.Equal(8443, beacon.DstPort);
        Assert.InRange(beacon.Period, 3300, 3900);
        Assert.InRange(beacon.Score, 0.65, 1.0);
        Assert.Equal(7 * 24, beacon.Connections);
    }

    [Fact]
    public void Analyze_GivenAnAllowListedDestination_LeavesItOut()
    {
        var records = Beacon("10.0.0.9", "198.51.100.30", 443, 1_700_000_000, 200, 60);

        var report = Analyze(records, options: new BeaconOptions { Allow = NetworkSet.Parse(["198.51.100.0/24"]) });

        Assert.Empty(report.Beacons);
        Assert.Equal(1, report.AllowListed);
    }

    [Fact]
    public void Analyze_GivenADestinationTheWholeFleetTalksTo_DemotesIt()
    {
        var records = new List<FlowRecord>();
        for (var h = 1; h <= 10; h++)
        {
            records.AddRange(Beacon($"10.0.1.{h}", "198.51.100.40", 443, 1_700_000_000 + h, 288, 300, 0.05, seed: h));
        }

        var report = Analyze(records);

        Assert.Empty(report.Beacons);
        Assert.All(report.Scored, b => Assert.Equal(0, b.PrevalenceScore));
    }

    [Fact]
    public void Analyze_GivenOneConnectionASecondAllDay_ReportsAStrobe()
    {
        var records = new List<FlowRecord>();
        for (var t = 0; t < 86_400; t++)
        {
            records.Add(Record("10.0.0.3", "198.51.100.50", 32768 + (t % 28000), 123, 1_700_000_000 + t, protocol: 17));
        }

        var report = Analyze(records);

        var strobe = Assert.Single(report.Strobes);
        Assert.True(strobe.IsStrobe);
        Assert.False(strobe.IsBeacon);
        Assert.Empty(report.Beacons);
    }

    [Fact]
    public void Analyze_GivenABeaconRotatingPorts_FindsItAcrossPorts()
    {
        var records = new List<FlowRecord>();
        var t = 1_700_000_000L;
        int[] ports = [443, 8443, 8080, 9443];
        var rng = new Random(4);
        for (var i = 0; i < 400; i++)
        {
            // A port picked at random each beat: regular across ports, irregular on any one of them.
            records.Add(Record("10.0.0.4", "198.51.100.60", 33000 + i, ports[rng.Next(ports.Length)], t + (i * 120), bytes: 700));
        }

        var report = Analyze(records);

        var beacon = Assert.Single(report.Beacons);
        Assert.True(beacon.AcrossPorts);
        Assert.Equal(ports.Order(), beacon.Ports);
        Assert.InRange(beacon.Period, 110, 130);
    }

    [Fact]
    public void Analyze_GivenFewerThanFourConnections_DoesNotScore()
    {
        var report = Analyze(Beacon("10.0.0.9", "198.51.100.30", 443, 1_700_000_000, 3, 60));

        Assert.Empty(report.Scored);
    }

    [Fact]
    public void Analyze_GivenIPv6Hosts_ScoresThemAsTheSameTrafficOverIPv4()
    {
        static List<FlowRecord> Traffic(string host, string c2, string other)
        {
            var records = new List<FlowRecord>();
            var rng = new Random(6);
            int[] ports = [443, 8443, 8080];
            for (var i = 0; i < 300; i++)
            {
                records.Add(Record(host, c2, 33000 + i, ports[rng.Next(ports.Length)], 1_700_000_000 + (i * 90) + rng.Next(5), bytes: 650));
            }

            records.AddRange(Beacon(host, other, 53, 1_700_000_000, 200, 240, 0.1, seed: 3, protocol: 17));
            return records;
        }

        var v4 = Analyze(Traffic("10.0.0.4", "198.51.100.60", "198.51.100.61"));
        // IPv6 hosts alongside IPv4 ones: pairs are ordered by their full 128-bit addresses.
        var v6 = Analyze(Traffic("fd00::4", "2001:db8::60", "2001:db8::61").Concat(Traffic("10.0.0.7", "198.51.100.70", "198.51.100.71")));

        var expected = v4.Scored.Select(b => (b.AcrossPorts, b.DstPort, b.Score, b.Period, b.Connections, string.Join(',', b.Ports))).ToList();
        Assert.Equal(expected, v6.Scored.Where(b => !b.Src.IsIPv4).Select(b => (b.AcrossPorts, b.DstPort, b.Score, b.Period, b.Connections, string.Join(',', b.Ports))).ToList());
        Assert.Equal(expected, v6.Scored.Where(b => b.Src.IsIPv4).Select(b => (b.AcrossPorts, b.DstPort, b.Score, b.Period, b.Connections, string.Join(',', b.Ports))).ToList());
        Assert.Contains(v6.Beacons, b => b.AcrossPorts && b.Dst == Ip("2001:db8::60"));
        Assert.Equal(2, v6.InternalHosts);
    }
}
