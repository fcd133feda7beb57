using CloudSniper.Core.Escaping;

namespace CloudSniper.Core.Tests.Escaping;

/// <summary>Expected text written by hand from Slack's "Formatting text for app surfaces" (Escaping text).</summary>
public sealed class SlackTextTests
{
    [Theory]
    [InlineData("<!channel>", "&lt;!channel&gt;")]
    [InlineData("<http://evil|bank.com>", "&lt;http://evil|bank.com&gt;")]
    [InlineData("<@U123>", "&lt;@U123&gt;")]
    [InlineData("A & B", "A &amp; B")]
    [InlineData("&lt;", "&amp;lt;")]
    [InlineData("plain", "plain")]
    public void Escape_GivenControlCharacters_ReplacesThemWithEntities(string value, string expected) =>
        Assert.Equal(expected, SlackText.Escape(value));

    [Theory]
    [InlineData("ab&amp;cd", 5, "ab…")]
    [InlineData("ab&amp;cd", 8, "ab&amp;…")]
    [InlineData("abc", 3, "abc")]
    public void Clip_GivenEscapedText_NeverSplitsAnEntity(string value, int max, string expected) =>
        Assert.Equal(expected, SlackText.Clip(value, max));
}
