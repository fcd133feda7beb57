using CloudSniper.Core.Dns;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.Tests.Dns;

public sealed class DnsFindingsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    private static DnsDetection Detection(DnsDetectionKind kind, double score, params string[] instances) => new()
    {
        Kind = kind,
        Domain = "data-sync.example",
        Sources = ["10.0.1.17"],
        Instances = instances,
        Score = score,
        FirstSeen = Now.AddHours(-2),
        LastSeen = Now.AddHours(-1),
        Queries = 200,
        ResolvedAddresses = ["198.51.100.8", "not-an-address"],
        Evidence = new Dictionary<string, object> { ["uniqueSubdomains"] = 200L, ["examples"] = new List<string> { "a.t.data-sync.example" } },
    };

    [Fact]
    public void A_tunnel_becomes_an_analytics_finding_on_its_instance_with_the_domain_and_its_address_as_indicators()
    {
        var item = Assert.Single(DnsFindings.From([Detection(DnsDetectionKind.Tunnel, 0.5, "i-05a1e07000000000")], Now, "111122223333", "eu-west-1"));
        var f = item.Finding;
        Assert.Equal(FindingSource.Analytics, f.Source);
        Assert.Equal("Trojan:Network/DNSTunnel", f.Type.Raw);
        Assert.Equal(6.5, f.Severity);
        Assert.Equal("111122223333", f.AccountId);
        Assert.Equal([new ResourceRef("Instance", "i-05a1e07000000000")], f.Resources);
        Assert.Equal("i-05a1e07000000000", Assert.Single(f.Instances).InstanceId);
        Assert.Equal(["data-sync.example"], f.Domains);
        Assert.Equal(ActionKind.DnsRequest, f.Action);
        Assert.Equal("Exfiltration", f.MitreTactic);
        Assert.Equal(200, f.Count);
        Assert.Contains("uniqueSubdomains 200", f.Description, StringComparison.Ordinal);
        Assert.Contains("[a.t.data-sync.example]", f.Description, StringComparison.Ordinal);
        Assert.Equal(
            [new IocObservation("data-sync.example", IocType.Domain, IocRole.MaliciousDomain, 50), new IocObservation("198.51.100.8", IocType.Ipv4, IocRole.MaliciousHost, 25)],
            item.Iocs);
    }

    [Fact]
    public void Ids_are_stable_across_runs_and_differ_by_kind()
    {
        var a = DnsFindings.From([Detection(DnsDetectionKind.Tunnel, 0.9)], Now)[0].Finding;
        var b = DnsFindings.From([Detection(DnsDetectionKind.Tunnel, 0.6)], Now.AddDays(1))[0].Finding;
        var c = DnsFindings.From([Detection(DnsDetectionKind.Beacon, 0.9)], Now)[0].Finding;
        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.Id, c.Id);
        Assert.StartsWith("analytics-dns-tunnel-", a.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_instance_the_source_address_is_the_resource_and_a_known_bad_domain_is_severity_8()
    {
        var f = DnsFindings.From([Detection(DnsDetectionKind.Ioc, 1.0)], Now)[0].Finding;
        Assert.Equal([new ResourceRef("Host", "10.0.1.17")], f.Resources);
        Assert.Equal(8, f.Severity);
        Assert.Equal("Trojan:Network/MaliciousDomainRequest", f.Type.Raw);
        Assert.Equal("CommandAndControl", f.MitreTactic);
    }
}
