using System.Text;
using CloudSniper.Core.Escaping;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Tests.Escaping;

public sealed class ErrorPreviewTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("two\nlines\r\n", "two\\nlines\\r\\n")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("\u001b[31mred\u001b[0m", "\\x1B[31mred\\x1B[0m")]
    [InlineData("nul\0bell\a del\u007f", "nul\\0bell\\x07 del\\x7F")]
    [InlineData("c1\u009bcsi", "c1\\x9Bcsi")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("bidi\u202Eevil", "bidi\\u202Eevil")]
    [InlineData("café ☕ 東京", "café ☕ 東京")]
    public void Of_EscapesControlAndInvisibleCharacters_AndKeepsPrintableText(string input, string expected)
    {
        Assert.Equal(expected, ErrorPreview.Of(input));
        Assert.Equal(expected, ErrorPreview.Of(Encoding.UTF8.GetBytes(input)));
    }

    [Fact]
    public void Of_WritesBytesThatAreNotUtf8AsHex()
    {
        byte[] gzipHead = [0x1F, 0x8B, 0x08, 0x00, 0xFF, (byte)'a'];
        Assert.Equal("\\x1F\\x8B\\x08\\0\\xFFa", ErrorPreview.Of(gzipHead));
    }

    [Fact]
    public void Of_CutsAtMaxCharactersWithAnEllipsis_CountingAnEscapeAsOne()
    {
        Assert.Equal("abcde…", ErrorPreview.Of("abcdefgh", 5));
        Assert.Equal("abcde", ErrorPreview.Of("abcde", 5));
        Assert.Equal("\\n\\n\\n…", ErrorPreview.Of("\n\n\n\n", 3));
        Assert.Equal("ab…", ErrorPreview.Of("ab\u00e9\u00e9"u8, 2));
        Assert.Equal("", ErrorPreview.Of((string?)null));
    }

    [Fact]
    public void DocumentReader_GivenABinaryFile_NamesItWithAnEscapedPreviewOnOneLine()
    {
        var binary = new byte[200];
        for (var i = 0; i < binary.Length; i++)
        {
            binary[i] = (byte)(i * 37 % 256);
        }

        binary[0] = 0x7F; // not a gzip magic, not JSON
        binary[1] = (byte)'E';
        var errors = DocumentReader.Read(new MemoryStream(binary), "blob.bin", null, TestContext.Current.CancellationToken)
            .Where(r => r.Error is not null).Select(r => r.Error!.ToString()).ToList();

        var error = Assert.Single(errors);
        Assert.StartsWith("blob.bin", error, StringComparison.Ordinal);
        Assert.Contains("starts with \"\\x7FE", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain('\u001b', error);
        Assert.True(error.All(c => c >= 0x20 && c != 0x7F), error);
    }
}
