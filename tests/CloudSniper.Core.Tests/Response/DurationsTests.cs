using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Tests.Response;

public class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("36h", 129600)]
    [InlineData("7d", 604800)]
    public void TryParse_GivenShortForm_ReturnsSeconds(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromSeconds(seconds), d);
        Assert.Equal(text, Durations.Format(d));
    }

    [Theory]
    [InlineData("")]
    [InlineData("24")]
    [InlineData("h")]
    [InlineData("-1h")]
    [InlineData("0h")]
    [InlineData("3w")]
    public void TryParse_GivenBadText_Fails(string text) => Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void TtlPolicy_GivenRepeatOffender_DoublesUpToMaximum()
    {
        var policy = new BlockTtlPolicy(TimeSpan.FromHours(24), TimeSpan.FromDays(5));
        Assert.Equal(TimeSpan.FromHours(24), policy.For(0));
        Assert.Equal(TimeSpan.FromHours(48), policy.For(1));
        Assert.Equal(TimeSpan.FromHours(96), policy.For(2));
        Assert.Equal(TimeSpan.FromDays(5), policy.For(3));
        Assert.Equal(TimeSpan.FromDays(5), policy.For(40));
    }
}
