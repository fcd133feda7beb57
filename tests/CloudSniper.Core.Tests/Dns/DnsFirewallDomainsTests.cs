using CloudSniper.Core.Dns;

namespace CloudSniper.Core.Tests.Dns;

public sealed class DnsFirewallDomainsTests
{
    [Theory]
    [InlineData("s3.us-east-1.amazonaws.com")]
    [InlineData("amazonaws.com")]
    [InlineData("ssm.eu-west-1.amazonaws.com.")]
    [InlineData("lambda-url.us-east-1.on.aws")]
    [InlineData("ip-10-0-0-5.ec2.internal")]
    [InlineData("com")] // holds amazon.com
    public void AWS_service_domains_and_their_parents_are_never_blocked(string domain) =>
        Assert.NotNull(DnsFirewallDomains.Refusal(domain, []));

    [Fact]
    public void Allow_listed_domains_and_names_under_them_are_never_blocked()
    {
        Assert.Contains("allow-listed", DnsFirewallDomains.Refusal("api.partner.example", ["partner.example"]), StringComparison.Ordinal);
        Assert.Contains("allow-listed", DnsFirewallDomains.Refusal("Partner.Example.", ["partner.example"]), StringComparison.Ordinal);
        Assert.Null(DnsFirewallDomains.Refusal("notpartner.example", ["partner.example"]));
    }

    [Theory]
    [InlineData("exfil-tunnel.net")]
    [InlineData("c2.bad-domain.co.uk")]
    [InlineData("xn--bcher-kva.example")]
    public void Ordinary_domains_may_be_blocked(string domain) => Assert.Null(DnsFirewallDomains.Refusal(domain, []));

    [Theory]
    [InlineData("localhost")]
    [InlineData("bad_domain.example")]
    [InlineData("bad..example")]
    [InlineData("*.example.com")]
    [InlineData("bücher.example")]
    public void Names_DNS_Firewall_refuses_are_refused(string domain) =>
        Assert.Contains("not a domain", DnsFirewallDomains.Refusal(domain, []), StringComparison.Ordinal);

    [Fact]
    public void A_domain_is_blocked_with_its_wildcard_so_names_under_it_are_too() =>
        Assert.Equal(["exfil-tunnel.net", "*.exfil-tunnel.net"], DnsFirewallDomains.Specifications("Exfil-Tunnel.NET."));
}
