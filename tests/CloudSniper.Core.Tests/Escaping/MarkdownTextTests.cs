using CloudSniper.Core.Escaping;

namespace CloudSniper.Core.Tests.Escaping;

/// <summary>Expected text written by hand from CommonMark (entities, backslash escapes) and GFM tables (<c>\|</c>).</summary>
public sealed class MarkdownTextTests
{
    [Theory]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("| break | table", "\\| break \\| table")]
    [InlineData("row\n| injected | row |", "row \\| injected \\| row \\|")]
    [InlineData("a\r\nb\rc", "a b c")]
    [InlineData("`code` *b* _i_ [l](http://x)", "\\`code\\` \\*b\\* \\_i\\_ \\[l\\](http://x)")]
    [InlineData("R&D C:\\temp", "R&amp;D C:\\\\temp")]
    [InlineData("plain text", "plain text")]
    public void Escape_GivenHostileText_RendersItAsLiteralTextOnOneLine(string value, string expected) =>
        Assert.Equal(expected, MarkdownText.Escape(value));
}
