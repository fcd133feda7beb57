using System.Text;
using CloudSniper.Core.Analytics;
using static CloudSniper.Core.Tests.Analytics.FlowRecords;

namespace CloudSniper.Core.Tests.Analytics;

public sealed class NetworkSetTests
{
    private const string Ranges = """
        {"syncToken":"1","createDate":"2024-05-01-00-00-00","prefixes":[
          {"ip_prefix":"52.216.0.0/15","region":"us-east-1","service":"AMAZON","network_border_group":"us-east-1"},
          {"ip_prefix":"52.216.0.0/15","region":"us-east-1","service":"S3","network_border_group":"us-east-1"},
          {"ip_prefix":"3.80.0.0/12","region":"us-east-1","service":"EC2","network_border_group":"us-east-1"}],
         "ipv6_prefixes":[{"ipv6_prefix":"2600:1f18::/33","region":"us-east-1","service":"S3","network_border_group":"us-east-1"}]}
        """;

    [Fact]
    public void FromAwsIpRanges_GivenTheServiceFilter_KeepsServiceEndpointsButNotEc2()
    {
        var set = NetworkSet.FromAwsIpRanges(new MemoryStream(Encoding.UTF8.GetBytes(Ranges)), NetworkSet.IsAwsServiceEndpoint);

        Assert.True(set.Contains(Ip("52.217.1.2")));
        Assert.True(set.Contains(Ip("2600:1f18::5")));
        Assert.False(set.Contains(Ip("3.85.0.1")));
    }

    [Fact]
    public void FromAwsIpRanges_WithoutAFilter_KeepsEveryRange() =>
        Assert.True(NetworkSet.FromAwsIpRanges(new MemoryStream(Encoding.UTF8.GetBytes(Ranges))).Contains(Ip("3.85.0.1")));

    [Fact]
    public void IndexOf_GivenNestedBlocks_PrefersTheLongest()
    {
        var set = NetworkSet.Parse(["10.0.0.0/8", "10.1.0.0/16", "2001:db8::/32"]);

        Assert.Equal(1, set.IndexOf(Ip("10.1.2.3")));
        Assert.Equal(0, set.IndexOf(Ip("10.2.2.3")));
        Assert.Equal(2, set.IndexOf(Ip("2001:db8::1")));
        Assert.Equal(-1, set.IndexOf(Ip("11.0.0.1")));
    }
}
