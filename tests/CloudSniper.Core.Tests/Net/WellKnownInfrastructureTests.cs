using CloudSniper.Core.Net;

namespace CloudSniper.Core.Tests.Net;

public sealed class WellKnownInfrastructureTests
{
    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("9.9.9.9")]
    [InlineData("208.67.222.222")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("8.8.8.0/24")]
    [InlineData("1.1.1.0/31")]
    public void FindResolver_GivenAPublicResolverOrARangeHoldingOne_NamesIt(string text) =>
        Assert.NotNull(WellKnownInfrastructure.FindResolver(IpNetwork.Parse(text)));

    [Theory]
    [InlineData("8.8.8.9")]
    [InlineData("45.33.1.1")]
    [InlineData("2001:4860:4860::8889")]
    public void FindResolver_GivenAnOrdinaryAddress_FindsNothing(string text) =>
        Assert.Null(WellKnownInfrastructure.FindResolver(IpNetwork.Parse(text)));
}
