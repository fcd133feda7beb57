using CloudSniper.Core.Escaping;

namespace CloudSniper.Core.Tests.Escaping;

/// <summary>Expected text written by hand from the HTML character references for the five markup characters.</summary>
public sealed class HtmlTextTests
{
    [Theory]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("\"'&", "&quot;&#39;&amp;")]
    [InlineData(null, "")]
    public void Encode_GivenMarkup_ShowsItAsText(string? value, string expected) =>
        Assert.Equal(expected, HtmlText.Encode(value));
}
