using CloudSniper.Core.Analytics;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;
using static CloudSniper.Core.Tests.Analytics.FlowRecords;

namespace CloudSniper.Core.Tests.Analytics;

public sealed class BeaconFindingsTests
{
    private static Beacon Sample(int port = 443) => new()
    {
        Src = Ip("10.0.0.5"),
        Dst = Ip("198.51.100.7"),
        DstPort = port,
        Protocol = 6,
        Score = 0.9,
        IsBeacon = true,
        Period = 60,
        Connections = 1440,
        FirstSeen = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        LastSeen = DateTimeOffset.FromUnixTimeSeconds(1_700_086_000),
    };

    [Fact]
    public void From_GivenABeacon_MakesAnAnalyticsFindingWithTheDestinationAsIndicator()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_100_000);

        var item = Assert.Single(BeaconFindings.From([Sample()], now));

        Assert.Equal(FindingSource.Analytics, item.Finding.Source);
        Assert.Equal("Backdoor:Network/Beaconing", item.Finding.Type.Raw);
        Assert.Equal("Backdoor", item.Finding.Type.ThreatPurpose);
        Assert.Equal(1440, item.Finding.Count);
        Assert.Equal(now, item.Finding.UpdatedAt);
        Assert.InRange(item.Finding.Severity, 5, 8);
        var remote = Assert.Single(item.Finding.RemoteIps);
        Assert.Equal("198.51.100.7", remote.Address);
        Assert.Equal(NetworkDirection.Outbound, remote.Direction);
        var ioc = Assert.Single(item.Iocs);
        Assert.Equal(new IocObservation("198.51.100.7", IocType.Ipv4, IocRole.MaliciousHost, 90), ioc);
    }

    [Fact]
    public void From_GivenTheSamePairTwice_KeepsTheIdAndTellsPortsApart()
    {
        var now = DateTimeOffset.UnixEpoch;

        var a = BeaconFindings.From([Sample()], now)[0].Finding.Id;
        var b = BeaconFindings.From([Sample()], now.AddDays(1))[0].Finding.Id;
        var c = BeaconFindings.From([Sample(8443)], now)[0].Finding.Id;

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
