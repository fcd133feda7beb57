using System.Net;
using CloudSniper.Core.Net;

namespace CloudSniper.Core.Tests.Net;

public class IpClassifierTests
{
    [Theory]
    [InlineData("10.1.2.3", IpClass.Private)]
    [InlineData("172.31.255.1", IpClass.Private)]
    [InlineData("192.168.0.1", IpClass.Private)]
    [InlineData("127.0.0.1", IpClass.Loopback)]
    [InlineData("169.254.169.254", IpClass.LinkLocal)]
    [InlineData("100.64.0.1", IpClass.CarrierGradeNat)]
    [InlineData("224.0.0.251", IpClass.Multicast)]
    [InlineData("192.0.2.10", IpClass.Documentation)]
    [InlineData("198.51.100.7", IpClass.Documentation)]
    [InlineData("203.0.113.200", IpClass.Documentation)]
    [InlineData("240.1.1.1", IpClass.Reserved)]
    [InlineData("255.255.255.255", IpClass.Broadcast)]
    [InlineData("0.0.0.0", IpClass.Unspecified)]
    [InlineData("::1", IpClass.Loopback)]
    [InlineData("fe80::1", IpClass.LinkLocal)]
    [InlineData("fd00::1", IpClass.Private)]
    [InlineData("ff02::1", IpClass.Multicast)]
    [InlineData("2001:db8::1", IpClass.Documentation)]
    [InlineData("::ffff:10.0.0.1", IpClass.Private)]
    [InlineData("4000::1", IpClass.Reserved)]
    [InlineData("8.8.8.8", IpClass.Public)]
    [InlineData("172.32.0.1", IpClass.Public)]
    [InlineData("2600:1f18::1", IpClass.Public)]
    public void Classify_GivenAddress_ReturnsItsRegistryClass(string address, IpClass expected)
    {
        Assert.Equal(expected, IpClassifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("45.33.0.0/16", true)]
    [InlineData("10.0.0.0/8", false)]
    [InlineData("8.0.0.0/7", false)]
    [InlineData("0.0.0.0/0", false)]
    [InlineData("192.0.0.0/16", false)]
    public void IsPublicNetwork_GivenCidr_RefusesAnythingTouchingSpecialRanges(string cidr, bool expected)
    {
        Assert.Equal(expected, IpClassifier.IsPublicNetwork(IpNetwork.Parse(cidr)));
    }
}
