using System.Text;
using CloudSniper.Core.FlowLogs;
using CloudSniper.Core.FlowLogs.Internal;

namespace CloudSniper.Core.Tests.FlowLogs;

/// <summary>
/// The default-layout fast path against <see cref="FlowLineParser.ParseDefault"/>: whenever it takes a line, its
/// record and length must be the careful parser's; and it must take the ordinary lines it exists for.
/// </summary>
public sealed class DefaultLineScannerTests
{
    [Theory]
    [InlineData("2 123456789012 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 20641 443 6 20 4249 1418530010 1418530070 ACCEPT OK")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 REJECT OK")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 255.255.255.255 100.64.0.1 65535 65535 255 12345678 9876543210123456 4294967295 4294967295 ACCEPT OK")]
    [InlineData("2 123456789012 eni-7bda6b530aef01fb0 107.95.21.94 10.1.0.10 43178 8080 6 1 43 1714521610 1714521610 REJECT OK")]
    [InlineData("2 123456789012 eni-7bda6b530aef01fb0 63.198.102.36 10.1.0.10 39424 23 6 1 50 1714521623 1714521623 REJECT OK")]
    [InlineData("2 123456789012 eni-7bda6b530aef01fb0 151.13.233.149 10.1.0.10 443 53547 6 1 767 1714521628 1714521628 ACCEPT OK")]
    [InlineData("2 123456789012 eni-7bda6b530aef01fb0 10.1.0.10 151.13.233.149 53547 443 6 2 1075 1714521628 1714521628 ACCEPT OK")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 001.002.003.004 010.020.030.040 00443 0443 006 0 0 0000000001 0000000002 ACCEPT OK")]
    public void TryRead_GivenAnOrdinaryLine_TakesItAndAgreesWithTheCarefulParser(string line)
    {
        Assert.SkipUnless(DefaultLineScanner.IsSupported, "the fast path needs vector instructions this machine lacks");
        Assert.True(Read(line, out var record, out var length), line);
        Assert.Equal(Encoding.ASCII.GetByteCount(line), length);
        Assert.Equal(Careful(line), record);
    }

    [Theory]
    [InlineData("2 1 e 1.2.3.4 5.6.7.8 1 2 3 4 5 1400000000 1400000001 ACCEPT OK", "shorter than 64 bytes")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 2001:db8::1 2001:db8::2 50000 443 6 1 70 1431280876 1431280934 ACCEPT OK", "IPv6")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280934 1431280876 ACCEPT OK", "end before start")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK\r", "carriage return")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934  ACCEPT OK", "two spaces")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 - - - - - 1431280876 1431280934 - NODATA", "NODATA")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 50000 53 17 1 12345678901234567 1431280876 1431280934 ACCEPT OK", "17 digits")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 50000 53 17 1 70 14312808761 14312809341 ACCEPT OK", "timestamps past 2106")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 65536 53 17 1 70 1431280876 1431280934 ACCEPT OK", "port over 65535")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 50000 53 256 1 70 1431280876 1431280934 ACCEPT OK", "protocol over 255")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.256 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK", "octet over 255")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPTED OK", "unknown action")]
    [InlineData("2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK extra", "15 fields")]
    [InlineData("12 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK", "two-digit version")]
    public void TryRead_GivenALineOffTheFastPath_LeavesItToTheCarefulParser(string line, string why) =>
        Assert.False(Read(line, out _, out _), why);

    [Fact]
    public void TryRead_GivenMutatedLines_TakesOnlyWhatTheCarefulParserReadsAndReadsItTheSame()
    {
        var random = new Random(5);
        var good = FlowLineParserTests.Good.Split(' ');
        var taken = 0;
        for (var i = 0; i < 40_000; i++)
        {
            // Interface ids of every length move the later fields across the 64-byte window boundary.
            good[2] = "eni-" + new string('a', random.Next(1, 40));
            var line = random.Next(2) == 0 ? FlowLineParserTests.Mutate(random, good) : Replace(random, good);
            if (!Read(line, out var record, out var length, random))
            {
                continue;
            }

            taken++;
            var expected = default(FlowRecord);
            var status = FlowLineParser.ParseDefault(Encoding.ASCII.GetBytes(line), ref expected, out var reason, out _);
            Assert.True(status == FlowLineStatus.Ok, $"'{line}': taken, but the careful parser says {status} {reason}");
            Assert.Equal(Encoding.UTF8.GetByteCount(line), length);
            Assert.Equal(expected, record);
        }

        Assert.InRange(taken, DefaultLineScanner.IsSupported ? 5_000 : 0, 39_000);
    }

    /// <summary>The fields joined as AWS writes them, up to two of them replaced by edge-case values.</summary>
    private static string Replace(Random random, string[] fields)
    {
        var copy = (string[])fields.Clone();
        for (var i = random.Next(3); i > 0; i--)
        {
            copy[random.Next(copy.Length)] = FlowLineParserTests.Values[random.Next(FlowLineParserTests.Values.Length)];
        }

        return string.Join(' ', copy);
    }

    /// <summary>The line, its newline and the lookahead the fast path needs, filled with digits or, given a random source, with random text.</summary>
    private static bool Read(string line, out FlowRecord record, out int length, Random? random = null)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var text = new byte[bytes.Length + 1 + DefaultLineScanner.Lookahead];
        bytes.CopyTo(text, 0);
        text[bytes.Length] = (byte)'\n';
        if (random is null)
        {
            text.AsSpan(bytes.Length + 1).Fill((byte)'7');
        }
        else
        {
            for (var i = bytes.Length + 1; i < text.Length; i++)
            {
                text[i] = (byte)" \n0123456789.-abcOK"[random.Next(19)];
            }
        }

        record = default;
        return DefaultLineScanner.TryRead(text, ref record, out length);
    }

    private static FlowRecord Careful(string line)
    {
        var record = default(FlowRecord);
        Assert.Equal(FlowLineStatus.Ok, FlowLineParser.ParseDefault(Encoding.ASCII.GetBytes(line), ref record, out _, out _));
        return record;
    }
}
