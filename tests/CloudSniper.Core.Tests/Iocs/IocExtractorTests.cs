using System.Collections.Immutable;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.Tests.Iocs;

public class IocExtractorTests
{
    private static Finding Make(string type, ActionKind action, params RemoteIp[] remotes) => new()
    {
        Id = "f-" + type,
        Source = FindingSource.GuardDuty,
        Type = FindingType.Parse(type),
        Severity = 5,
        Action = action,
        RemoteIps = [.. remotes],
        MitreTactic = MitreTactics.FromThreatPurpose(FindingType.Parse(type).ThreatPurpose),
    };

    private static RemoteIp Remote(string address, NetworkDirection direction, ActionKind action) => new(address, direction, action);

    private static Finding Feed(int? confidence, params string[] indicators) => new()
    {
        Id = "feed:test:1",
        Source = FindingSource.Feed,
        Type = FindingType.Parse("ThreatIntel:Feed/Indicator"),
        Indicators = [.. indicators],
        Confidence = confidence,
    };

    [Fact]
    public void Extract_GivenInboundConnection_ReturnsTheRemoteAsAttacker()
    {
        var f = Make("UnauthorizedAccess:EC2/SSHBruteForce", ActionKind.NetworkConnection, Remote("45.95.147.236", NetworkDirection.Inbound, ActionKind.NetworkConnection));

        Assert.Equal([new IocObservation("45.95.147.236", IocType.Ipv4, IocRole.Attacker, 85)], IocExtractor.Extract(f));
    }

    [Fact]
    public void Extract_GivenPortProbeFromThreeAddresses_ReturnsEveryProbingAddressOnce()
    {
        var f = Make(
            "Recon:EC2/PortProbeUnprotectedPort",
            ActionKind.PortProbe,
            Remote("185.156.73.54", NetworkDirection.Inbound, ActionKind.PortProbe),
            Remote("91.92.242.18", NetworkDirection.Inbound, ActionKind.PortProbe) with { LocalPort = 3389 },
            Remote("193.35.18.77", NetworkDirection.Inbound, ActionKind.PortProbe),
            Remote("91.92.242.18", NetworkDirection.Inbound, ActionKind.PortProbe) with { LocalPort = 22 });

        var iocs = IocExtractor.Extract(f);

        Assert.Equal(["185.156.73.54", "91.92.242.18", "193.35.18.77"], iocs.Select(i => i.Value));
        Assert.All(iocs, i => Assert.Equal((IocRole.Attacker, 70), (i.Role, i.Confidence)));
    }

    [Fact]
    public void Extract_GivenAwsApiCallFromOutside_ReturnsTheCallerAsApiCaller()
    {
        var f = Make("UnauthorizedAccess:IAMUser/MaliciousIPCaller", ActionKind.AwsApiCall, Remote("193.142.146.35", NetworkDirection.Inbound, ActionKind.AwsApiCall));

        Assert.Equal([new IocObservation("193.142.146.35", IocType.Ipv4, IocRole.ApiCaller, 90)], IocExtractor.Extract(f));
    }

    [Fact]
    public void Extract_GivenKubernetesApiCall_ReturnsTheCallerAsApiCaller()
    {
        var f = Make("Discovery:Kubernetes/SuccessfulAnonymousAccess", ActionKind.KubernetesApiCall, Remote("45.134.26.98", NetworkDirection.Inbound, ActionKind.KubernetesApiCall));

        Assert.Equal([new IocObservation("45.134.26.98", IocType.Ipv4, IocRole.ApiCaller, 70)], IocExtractor.Extract(f));
    }

    [Fact]
    public void Extract_GivenRdsLoginAttempt_ReturnsTheRemoteAsAttacker()
    {
        var f = Make("CredentialAccess:RDS/MaliciousIPCaller.FailedLogin", ActionKind.RdsLoginAttempt, Remote("89.248.165.60", NetworkDirection.Inbound, ActionKind.RdsLoginAttempt));

        Assert.Equal([new IocObservation("89.248.165.60", IocType.Ipv4, IocRole.Attacker, 90)], IocExtractor.Extract(f));
    }

    [Theory]
    [InlineData("Backdoor:EC2/C&CActivity.B")]
    [InlineData("Backdoor:Runtime/C&CActivity.B")]
    [InlineData("Trojan:EC2/DropPoint")]
    [InlineData("Trojan:EC2/BlackholeTraffic")]
    [InlineData("CryptoCurrency:EC2/BitcoinTool.B")]
    [InlineData("UnauthorizedAccess:EC2/MaliciousIPCaller.Custom")]
    [InlineData("Execution:Runtime/ReverseShell")]
    public void Extract_GivenOutboundConnectionToAMaliciousHost_ReturnsItAsMaliciousHost(string type)
    {
        var f = Make(type, ActionKind.NetworkConnection, Remote("91.215.85.142", NetworkDirection.Outbound, ActionKind.NetworkConnection));

        var ioc = Assert.Single(IocExtractor.Extract(f));

        Assert.Equal(("91.215.85.142", IocRole.MaliciousHost, 90), (ioc.Value, ioc.Role, ioc.Confidence));
    }

    [Theory]
    [InlineData("UnauthorizedAccess:EC2/SSHBruteForce")]
    [InlineData("UnauthorizedAccess:EC2/RDPBruteForce")]
    [InlineData("Impact:EC2/WinRMBruteForce")]
    [InlineData("Recon:EC2/Portscan")]
    [InlineData("Impact:EC2/PortSweep")]
    [InlineData("Backdoor:EC2/DenialOfService.Tcp")]
    [InlineData("Backdoor:EC2/DenialOfService.UdpOnTcpPorts")]
    [InlineData("Backdoor:EC2/Spambot")]
    [InlineData("Behavior:EC2/NetworkPortUnusual")]
    [InlineData("Behavior:EC2/TrafficVolumeUnusual")]
    public void Extract_GivenOutboundAttackOrUnclassifiedOutboundTraffic_TreatsTheRemoteAsNoIoc(string type)
    {
        var f = Make(type, ActionKind.NetworkConnection, Remote("138.68.4.77", NetworkDirection.Outbound, ActionKind.NetworkConnection));

        Assert.Empty(IocExtractor.Extract(f));
    }

    [Theory]
    [InlineData("UnauthorizedAccess:EC2/SSHBruteForce", true)]
    [InlineData("Impact:EC2/WinRMBruteForce", true)]
    [InlineData("Recon:EC2/Portscan", true)]
    [InlineData("Backdoor:EC2/DenialOfService.Dns", true)]
    [InlineData("Backdoor:EC2/C&CActivity.B", false)]
    [InlineData("CryptoCurrency:EC2/BitcoinTool.B", false)]
    public void IsOutboundAttack_GivenType_SaysWhetherTheRemoteIsAVictim(string type, bool expected)
    {
        Assert.Equal(expected, IocRules.IsOutboundAttack(FindingType.Parse(type)));
    }

    [Fact]
    public void Extract_GivenDnsFinding_ReturnsTheDomainAsMaliciousDomain()
    {
        var f = Make("Backdoor:EC2/C&CActivity.B!DNS", ActionKind.DnsRequest) with { Domains = ["Telemetry.CDN-Sync-Update.top."] };

        Assert.Equal([new IocObservation("telemetry.cdn-sync-update.top", IocType.Domain, IocRole.MaliciousDomain, 90)], IocExtractor.Extract(f));
    }

    [Fact]
    public void Extract_GivenC2ConnectionWithADomain_ReturnsHostAndDomain()
    {
        var f = Make("Backdoor:EC2/C&CActivity.B", ActionKind.NetworkConnection, Remote("91.215.85.142", NetworkDirection.Outbound, ActionKind.NetworkConnection)) with { Domains = ["c2.cdn-sync-update.top"] };

        Assert.Equal([IocRole.MaliciousHost, IocRole.MaliciousDomain], IocExtractor.Extract(f).Select(i => i.Role));
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.9")]
    [InlineData("192.168.1.1")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.12.1")]
    [InlineData("224.0.0.251")]
    [InlineData("192.0.2.10")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.200")]
    [InlineData("240.1.2.3")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("not-an-ip")]
    public void Extract_GivenSpecialPurposeAddress_NeverReturnsIt(string address)
    {
        var inbound = Make("UnauthorizedAccess:EC2/SSHBruteForce", ActionKind.NetworkConnection, Remote(address, NetworkDirection.Inbound, ActionKind.NetworkConnection));
        var api = Make("UnauthorizedAccess:IAMUser/MaliciousIPCaller", ActionKind.AwsApiCall, Remote(address, NetworkDirection.Inbound, ActionKind.AwsApiCall));

        Assert.Empty(IocExtractor.Extract(inbound));
        Assert.Empty(IocExtractor.Extract(api));
        Assert.Empty(IocExtractor.Extract(Feed(90, address)));
    }

    [Fact]
    public void Extract_GivenSampleFinding_ReturnsNothing()
    {
        var f = Make("Backdoor:EC2/C&CActivity.B", ActionKind.NetworkConnection, Remote("91.215.85.142", NetworkDirection.Outbound, ActionKind.NetworkConnection)) with { IsSample = true };

        Assert.Empty(IocExtractor.Extract(f));
    }

    [Fact]
    public void Extract_GivenArchivedFinding_ReturnsNothing()
    {
        var f = Make("UnauthorizedAccess:EC2/SSHBruteForce", ActionKind.NetworkConnection, Remote("45.95.147.236", NetworkDirection.Inbound, ActionKind.NetworkConnection)) with { Archived = true };

        Assert.Empty(IocExtractor.Extract(f));
    }

    [Fact]
    public void Extract_GivenFeedFinding_ReturnsItsIndicatorsWithTheFeedsConfidence()
    {
        var iocs = IocExtractor.Extract(Feed(77, "45.141.84.0/24", "HTTP://103.145.13.90:8080/bins/mozi.m", "Bad-Domain.top", "2a03:b0c0:3:d0::1a3:6001", "10.0.0.0/8", "194.26.29.112"));

        Assert.Equal(
            [
                new IocObservation("45.141.84.0/24", IocType.Cidr, IocRole.FeedIndicator, 77),
                new IocObservation("http://103.145.13.90:8080/bins/mozi.m", IocType.Url, IocRole.FeedIndicator, 77),
                new IocObservation("bad-domain.top", IocType.Domain, IocRole.FeedIndicator, 77),
                new IocObservation("2a03:b0c0:3:d0::1a3:6001", IocType.Ipv6, IocRole.FeedIndicator, 77),
                new IocObservation("194.26.29.112", IocType.Ipv4, IocRole.FeedIndicator, 77),
            ],
            IocExtractor.Extract(Feed(77, "45.141.84.0/24", "HTTP://103.145.13.90:8080/bins/mozi.m", "Bad-Domain.top", "2a03:b0c0:3:d0::1a3:6001", "10.0.0.0/8", "194.26.29.112")));
        Assert.Equal(5, iocs.Count);
        Assert.Equal(60, Assert.Single(IocExtractor.Extract(Feed(null, "194.26.29.112"))).Confidence);
    }

    [Fact]
    public void Extract_GivenTheSameAddressTwice_KeepsItOnceWithItsHighestConfidence()
    {
        var f = Make(
            "UnauthorizedAccess:EC2/SSHBruteForce",
            ActionKind.NetworkConnection,
            Remote("45.95.147.236", NetworkDirection.Inbound, ActionKind.PortProbe),
            Remote("45.95.147.236", NetworkDirection.Inbound, ActionKind.NetworkConnection)) with { Indicators = ["45.95.147.236"] };

        var ioc = Assert.Single(IocExtractor.Extract(f));

        Assert.Equal((IocRole.Attacker, 85), (ioc.Role, ioc.Confidence));
    }

    [Fact]
    public void Extract_GivenPolicyApiCall_ReturnsNothing()
    {
        var f = Make("Policy:S3/BucketBlockPublicAccessDisabled", ActionKind.AwsApiCall, Remote("81.2.69.160", NetworkDirection.Inbound, ActionKind.AwsApiCall));

        Assert.Empty(IocExtractor.Extract(f));
    }

    [Fact]
    public void Extract_GivenAnomalyBasedApiCall_ReturnsTheCallerWithLowConfidence()
    {
        var f = Make("Discovery:IAMUser/AnomalousBehavior", ActionKind.AwsApiCall, Remote("81.2.69.160", NetworkDirection.Inbound, ActionKind.AwsApiCall));

        Assert.Equal(50, Assert.Single(IocExtractor.Extract(f)).Confidence);
    }

    [Fact]
    public void Extract_GivenAttackSequence_ReturnsEndpointsAndDomains()
    {
        var f = Make(
            "AttackSequence:IAM/CompromisedCredentials",
            ActionKind.Unknown,
            Remote("193.142.146.35", NetworkDirection.Inbound, ActionKind.Unknown),
            Remote("141.98.11.23", NetworkDirection.Unknown, ActionKind.Unknown)) with { Domains = ["exfil.drop-zone.top"] };

        var iocs = IocExtractor.Extract(f);

        Assert.Equal([("193.142.146.35", IocRole.Attacker), ("141.98.11.23", IocRole.Attacker), ("exfil.drop-zone.top", IocRole.MaliciousDomain)], iocs.Select(i => (i.Value, i.Role)));
        Assert.All(iocs, i => Assert.Equal(75, i.Confidence));
    }

    [Fact]
    public void Extract_GivenThirdPartySecurityHubFinding_LowersItsOwnConfidenceAndPrefersTheStatedIndicators()
    {
        var f = new Finding
        {
            Id = "netwarden/1",
            Source = FindingSource.SecurityHub,
            Type = FindingType.Parse("TTPs/Command and Control/Beaconing"),
            MitreTactic = "Command and Control",
            Action = ActionKind.NetworkConnection,
            RemoteIps = [new RemoteIp("185.196.8.123", NetworkDirection.Outbound, ActionKind.NetworkConnection)],
            Domains = ["img.static-cdn-assets.click"],
            Indicators = ["img.static-cdn-assets.click", "80.94.95.115"],
            Confidence = 90,
        };

        var iocs = IocExtractor.Extract(f);

        Assert.Equal(
            [("185.196.8.123", IocRole.MaliciousHost, 70), ("img.static-cdn-assets.click", IocRole.FeedIndicator, 90), ("80.94.95.115", IocRole.FeedIndicator, 90)],
            iocs.Select(i => (i.Value, i.Role, i.Confidence)));
    }

    [Fact]
    public void Extract_GivenTheSameFindingTwice_ReturnsEqualLists()
    {
        var f = Make("Recon:EC2/PortProbeUnprotectedPort", ActionKind.PortProbe, Remote("185.156.73.54", NetworkDirection.Inbound, ActionKind.PortProbe));

        Assert.Equal(IocExtractor.Extract(f), IocExtractor.Extract(f));
        Assert.Equal(ImmutableArray.Create(Remote("185.156.73.54", NetworkDirection.Inbound, ActionKind.PortProbe)), f.RemoteIps);
    }
}
