using CloudSniper.Core.Escaping;

namespace CloudSniper.Core.Tests.Escaping;

/// <summary>Expected fields written by hand from OWASP "CSV Injection" (quote prefix) and RFC 4180 section 2 (quoting).</summary>
public sealed class CsvFieldTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=cmd", "\"'\r=cmd\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    public void Encode_GivenFormulaStart_PrefixesASingleQuote(string value, string expected) =>
        Assert.Equal(expected, CsvField.Encode(value));

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("a=b", "a=b")]
    public void Encode_GivenOrdinaryText_QuotesOnlyWhenRfc4180Requires(string value, string expected) =>
        Assert.Equal(expected, CsvField.Encode(value));

    [Fact]
    public void Record_GivenFields_EncodesEachAndJoinsWithCommas() =>
        Assert.Equal("a,\"b,c\",'=1", CsvField.Record(["a", "b,c", "=1"]));
}
