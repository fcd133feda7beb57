using System.Text;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Tests.FlowLogs;

public sealed class FlowAddressTests
{
    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("0.0.0.1")]
    [InlineData("2001:db8::1")]
    [InlineData("fe80::1")]
    public void TryParse_GivenAnAddress_RoundTrips(string text)
    {
        Assert.True(FlowAddress.TryParse(Encoding.ASCII.GetBytes(text), out var a));
        Assert.Equal(text, a.ToString());
    }

    [Theory]
    [InlineData("10.0.0")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.1.2")]
    [InlineData("1000.0.0.1")]
    [InlineData("10..0.1")]
    [InlineData("-")]
    [InlineData("abc")]
    public void TryParse_GivenSomethingElse_Fails(string text) =>
        Assert.False(FlowAddress.TryParse(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void FromIPAddress_GivenIPv4MappedIPv6_EqualsTheIPv4()
    {
        Assert.True(FlowAddress.TryParse("192.0.2.1", out var v4));
        Assert.Equal(v4, FlowAddress.FromIPAddress(System.Net.IPAddress.Parse("::ffff:192.0.2.1")));
        Assert.True(v4.IsIPv4);
    }
}
