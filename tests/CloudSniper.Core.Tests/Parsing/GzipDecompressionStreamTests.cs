using System.IO.Compression;
using System.Text;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Tests.Parsing;

public class GzipDecompressionStreamTests
{
    private static readonly byte[] Text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 4000).Select(i => $"{{\"line\": {i}, \"pad\": \"{i * 7919 % 104729}\"}}\n")));

    private static (byte[] Output, string? Error) Decompress(byte[] gz, int chunk = 0)
    {
        using var stream = new GzipDecompressionStream(chunk > 0 ? new TrickleStream(gz, chunk) : new MemoryStream(gz));
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return (output.ToArray(), stream.Error);
    }

    [Fact]
    public void Read_GivenValidGzip_ReturnsTheDataWithoutError()
    {
        var (output, error) = Decompress(TestFiles.Gzip(Text));

        Assert.Null(error);
        Assert.Equal(Text, output);
    }

    [Fact]
    public void Read_GivenGzipArrivingInTinyChunks_ReturnsTheDataWithoutError()
    {
        var (output, error) = Decompress(TestFiles.Gzip(Text), chunk: 5);

        Assert.Null(error);
        Assert.Equal(Text, output);
    }

    [Fact]
    public void Read_GivenSeveralMembersAndZeroPadding_ReturnsAllTheirData()
    {
        var half = Text.Length / 2;
        byte[] gz = [.. TestFiles.Gzip(Text[..half]), .. TestFiles.Gzip(Text[half..]), 0, 0, 0, 0];

        var (output, error) = Decompress(gz);

        Assert.Null(error);
        Assert.Equal(Text, output);
    }

    [Fact]
    public void Read_GivenHeaderWithFileNameAndComment_SkipsThem()
    {
        var gz = TestFiles.Gzip(Text);
        byte[] named = [.. gz[..3], 0x18, .. gz[4..10], .. "export.jsonl\0"u8, .. "from GuardDuty\0"u8, .. gz[10..]];

        var (output, error) = Decompress(named);

        Assert.Null(error);
        Assert.Equal(Text, output);
    }

    [Fact]
    public void Read_GivenTruncationAtAnyPoint_ReportsItAndReturnsOnlyGoodData()
    {
        var gz = TestFiles.Gzip(Text);
        for (var cut = 1; cut < gz.Length; cut += Math.Max(1, gz.Length / 97))
        {
            var (output, error) = Decompress(gz[..cut]);

            Assert.NotNull(error);
            Assert.Contains("truncated", error, StringComparison.Ordinal);
            Assert.Equal(Text.AsSpan(0, output.Length).ToArray(), output);
        }
    }

    [Fact]
    public void Read_GivenWrongCrc_ReportsCorruption()
    {
        var gz = TestFiles.Gzip(Text);
        gz[^7] ^= 0x01;

        var (_, error) = Decompress(gz);

        Assert.Contains("CRC", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivenDamagedDeflateData_ReportsCorruption()
    {
        var gz = TestFiles.Gzip(Text);
        for (var i = gz.Length / 3; i < (gz.Length / 3) + 32; i++)
        {
            gz[i] = (byte)~gz[i];
        }

        var (_, error) = Decompress(gz);

        Assert.NotNull(error);
        Assert.Matches("corrupt|truncated", error);
    }

    [Fact]
    public void Read_GivenGarbageAfterTheLastMember_ReportsIt()
    {
        byte[] gz = [.. TestFiles.Gzip(Text), .. "trailing"u8];

        var (output, error) = Decompress(gz);

        Assert.Equal(Text, output);
        Assert.Contains("after the end", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivenUnsupportedMethod_ReportsIt()
    {
        var gz = TestFiles.Gzip(Text);
        gz[2] = 7;

        Assert.Contains("compression method", Decompress(gz).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivenOutputOfTheSystemCompressor_MatchesGZipStream()
    {
        using var output = new MemoryStream();
        using (var writer = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            writer.Write(Text);
        }

        Assert.Equal(Text, Decompress(output.ToArray()).Output);
    }
}
