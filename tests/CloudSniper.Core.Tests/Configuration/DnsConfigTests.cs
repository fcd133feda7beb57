using CloudSniper.Core.Configuration;
using CloudSniper.Core.Dns;

namespace CloudSniper.Core.Tests.Configuration;

public sealed class DnsConfigTests
{
    private static readonly KeyValuePair<string, string>[] NoEnvironment = [];

    [Fact]
    public void Dns_keys_bind_into_the_analysis_options()
    {
        var yaml = """
            dns:
              tunnelThreshold: 0.7
              beaconMaxDistinctNames: 3
              trustedDomains: [corp.example]
              publicSuffixList: /etc/psl.dat
            """;

        var result = ConfigLoader.Load(yaml, "sniper.yaml", NoEnvironment);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var since = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        var options = result.Config.Dns.ToOptions(since, since.AddDays(1));
        Assert.Equal(0.7, options.TunnelThreshold);
        Assert.Equal(3, options.BeaconMaxDistinctNames);
        Assert.Equal(since, options.Since);
        Assert.True(options.IsTrusted("a.b.corp.example"));
        Assert.False(options.IsTrusted("evilcorp.example"));
        Assert.Equal("/etc/psl.dat", result.Config.Dns.PublicSuffixList);
    }

    [Fact]
    public void Defaults_are_the_analysis_defaults()
    {
        Assert.Equal(new DnsOptions() with { TrustedDomains = DnsOptions.DefaultTrustedDomains }, new DnsConfig().ToOptions());
    }

    [Fact]
    public void Out_of_range_thresholds_are_reported_with_their_line()
    {
        var yaml = """
            dns:
              tunnelThreshold: 1.5
              beaconMinQueries: 2
              dgaFullDomains: 5
            """;

        var result = ConfigLoader.Load(yaml, "sniper.yaml", NoEnvironment);

        Assert.Contains(result.Errors, e => e.Path == "$.dns.tunnelThreshold" && e.Where == "sniper.yaml:2:20");
        Assert.Contains(result.Errors, e => e.Path == "$.dns.beaconMinQueries" && e.Reason.Contains("4 or more", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == "$.dns.dgaFullDomains");
        Assert.Equal(3, result.Errors.Count);
    }
}
