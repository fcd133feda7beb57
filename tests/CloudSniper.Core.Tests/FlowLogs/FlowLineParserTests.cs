using System.Globalization;
using System.Text;
using CloudSniper.Core.FlowLogs;
using CloudSniper.Core.FlowLogs.Internal;

namespace CloudSniper.Core.Tests.FlowLogs;

/// <summary>
/// The line parsers against a plain string-splitting reading of the same rules, on hand-picked edge cases and on
/// many mutated lines: the default-layout parser, the any-layout parser and the reference must agree on the status,
/// the reject reason and column, and every field of the record.
/// </summary>
public sealed class FlowLineParserTests
{
    internal const string Good = "2 123456789012 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 20641 443 6 20 4249 1418530010 1418530070 ACCEPT OK";

    private static readonly FlowLogField[] V2 = FlowLogFormat.Default.Columns.ToArray();

    private static readonly FlowLogField[] V5 = FlowLogFormat.Parse(
        "version vpc-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags flow-direction traffic-path az-id").Columns.ToArray();

    internal static readonly string[] Values =
    [
        "-", "0", "1", "6", "17", "255", "256", "443", "65535", "65536", "4294967295", "4294967296", "4294967294",
        "1418530010", "9223372036854775807", "9223372036854775808", "18446744073709551615", "9999999999999999999",
        "99999999999999999999", "0000000000000000443", "00000000000000000443", "000065535", "1a", "a1", "+1", "1.5", "--",
        "0x10", "١", "OK", "ok", "NODATA", "SKIPDATA", "ACCEPT", "REJECT", "accept", "egress", "ingress", "Egress",
        "10.0.0.1", "0.0.0.0", "255.255.255.255", "256.0.0.1", "10.0.0", "10.0.0.1.", "1.2.3.4.5", "001.002.003.004",
        "0001.2.3.4", "1..2.3", "2001:db8::1", "::", "::1", "::ffff:10.1.2.3", "fe80::1%eth0", "2001:db8:0:0:0:0:0:1:2",
        "eni-0123456789abcdef0", "a\tb", "12345678", "123456789", "1234567890123456", "12345678901234567",
    ];

    [Fact]
    public void IsDefaultLayout_IsTrueOnlyForTheVersion2Columns()
    {
        Assert.True(FlowLineParser.IsDefaultLayout(V2));
        Assert.False(FlowLineParser.IsDefaultLayout(V5));
        Assert.False(FlowLineParser.IsDefaultLayout(V2.AsSpan(0, 13)));
        Assert.True(FlowLogFormat.Default.IsDefaultLayout);
        Assert.True(FlowLogFormat.Parse("${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}").IsDefaultLayout);
    }

    [Theory]
    [InlineData(Good)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("2")]
    [InlineData("2 123456789012")]
    [InlineData("2 123456789012 eni-1 10.0.0.1")]
    [InlineData("2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876")]
    [InlineData("2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT")]
    [InlineData("2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK extra")]
    [InlineData("  2   123456789012 eni-1  10.0.0.1 8.8.8.8 50000 53   17 1 70 1431280876 1431280934 ACCEPT OK   ")]
    [InlineData("2 123456789012 eni-1 - - - - - - - 1431280876 1431280934 - NODATA")]
    [InlineData("2 123456789012 eni-1 - - - - - - - 1431280876 1431280934 - SKIPDATA")]
    [InlineData("2 123456789012 eni-1 - - - - - - - - - - -")]
    [InlineData("2 123456789012 eni-1 - 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK")]
    [InlineData("2 123456789012 eni-1 10.0.0.1 - 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK")]
    [InlineData("2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 - 1431280934 ACCEPT OK")]
    [InlineData("2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 - ACCEPT OK")]
    [InlineData("2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280934 1431280876 ACCEPT OK")]
    [InlineData("2 1 e 10.0.0.1 8.8.8.8 65535 65535 255 9223372036854775807 9223372036854775807 4294967295 4294967295 REJECT OK")]
    [InlineData("2 1 e 10.0.0.1 8.8.8.8 65536 0 0 0 0 0 0 ACCEPT OK")]
    [InlineData("2 1 e 10.0.0.1 8.8.8.8 0 0 256 0 0 0 0 ACCEPT OK")]
    [InlineData("2 1 e 10.0.0.1 8.8.8.8 0 0 0 9223372036854775808 0 0 0 ACCEPT OK")]
    [InlineData("2 1 e 10.0.0.1 8.8.8.8 0 0 0 0 0 4294967296 4294967296 ACCEPT OK")]
    [InlineData("2 1 e 10.0.0.1 8.8.8.8 0 0 0 0 0 4294967295 4294967296 ACCEPT OK")]
    [InlineData("2 1 e 2001:db8::1 ::ffff:10.1.2.3 0 0 58 1 1 1 1 ACCEPT OK")]
    [InlineData("2 1 e :: 8.8.8.8 0 0 58 1 1 1 1 ACCEPT OK")]
    [InlineData("2 1 e 10.0.0.1 8.8.8.8 0 0 6 1 1 1 1 MAYBE OK")]
    [InlineData("2 1 e 10.0.0.1 8.8.8.8 0 0 6 1 1 1 1 ACCEPT DONE")]
    [InlineData("x 1 e 10.0.0.1 8.8.8.8 0 0 6 1 1 1 1 ACCEPT OK")]
    [InlineData("2 1 e 10.0.0.256 8.8.8.8 0 0 6 1 1 1 1 ACCEPT OK")]
    [InlineData("2 1 e 10.0.0.1 8.8.8.8 0 0 6 1 seventy 1 1 ACCEPT OK")]
    [InlineData("2 1 e 10.0.0.999 8.8.8.8 0 0 6 1 seventy 1 1 ACCEPT")]
    [InlineData("2 1 e 1.1.1.1 2.2.2.2 1 2 6 1 1 1 1 ACCEPT OK")]
    [InlineData("2\t1 e 1.1.1.1 2.2.2.2 1 2 6 1 1 1 1 ACCEPT OK")]
    public void ParseDefault_GivenAnEdgeCase_AgreesWithTheGeneralParserAndTheReference(string line) => AssertAllAgree(line, V2);

    [Fact]
    public void ParseDefault_GivenMutatedLines_AgreesWithTheGeneralParserAndTheReference()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            AssertAllAgree(Mutate(random, Good.Split(' ')), V2);
        }
    }

    [Fact]
    public void Parse_GivenMutatedCustomLines_AgreesWithTheReference()
    {
        var random = new Random(11);
        var fields = "2 vpc-0a1b2c3d 10.0.0.220 198.51.100.7 10.0.1.5 198.51.100.7 40000 443 6 3 512 1700000000 1700000004 REJECT OK 19 egress 8 use1-az1".Split(' ');
        for (var i = 0; i < 20_000; i++)
        {
            AssertAllAgree(Mutate(random, fields), V5);
        }
    }

    [Fact]
    public void Split_GivenLinesOfEveryLength_FindsTheFieldsStringSplittingFinds()
    {
        var random = new Random(3);
        Span<int> bounds = stackalloc int[64];
        for (var length = 0; length <= 260; length++)
        {
            for (var k = 0; k < 40; k++)
            {
                // Sparse and dense spaces, runs of them, and spaces at the ends of the 64-byte windows.
                var spaceShare = k % 4 == 0 ? 0.05 : k % 4 == 1 ? 0.5 : 0.15;
                var chars = new char[length];
                for (var i = 0; i < length; i++)
                {
                    chars[i] = random.NextDouble() < spaceShare || (k % 5 == 0 && i % 64 is 0 or 63) ? ' ' : (char)random.Next('!', '~' + 1);
                }

                var text = new string(chars);
                var bytes = Encoding.ASCII.GetBytes(text);
                var expected = Fields(text);

                var count = FlowTokenizer.Split(bytes, bounds);
                Assert.Equal(Math.Min(expected.Count, 32), count);
                for (var f = 0; f < count; f++)
                {
                    Assert.Equal(expected[f], (bounds[2 * f], bounds[(2 * f) + 1]));
                }

                var fields = new FlowTokenizer(bytes);
                foreach (var field in expected)
                {
                    Assert.True(fields.Next(out var start, out var end));
                    Assert.Equal(field, (start, end));
                }

                Assert.False(fields.Next(out _, out _));

                for (var offset = 0; offset < length; offset += 64)
                {
                    var mask = FlowTokenizer.SpaceMask(bytes, offset);
                    for (var bit = 0; bit < 64; bit++)
                    {
                        var space = offset + bit >= length || bytes[offset + bit] == (byte)' ';
                        Assert.Equal(space, ((mask >> bit) & 1) == 1);
                    }
                }
            }
        }
    }

    [Fact]
    public void Split_GivenMoreFieldsThanRoom_StopsAtTheCapacity()
    {
        Span<int> bounds = stackalloc int[6];
        Assert.Equal(3, FlowTokenizer.Split("a b c d e"u8, bounds));
        Assert.Equal((4, 5), (bounds[4], bounds[5]));
        Assert.Equal(2, FlowTokenizer.Split(" a  bb "u8, bounds));
        Assert.Equal((1, 2, 4, 6), (bounds[0], bounds[1], bounds[2], bounds[3]));
    }

    [Fact]
    public void ScalarMask_AgreesWithTheVectorMask()
    {
        var random = new Random(5);
        var bytes = new byte[32];
        for (var k = 0; k < 1000; k++)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = random.Next(3) == 0 ? (byte)' ' : (byte)random.Next(256);
            }

            Assert.Equal(FlowTokenizer.ScalarMask(bytes), FlowTokenizer.Mask32(bytes, 0));
        }
    }

    [Fact]
    public void TryNumber_GivenDigitsAnywhereInALine_ReadsWhatDigitByDigitReads()
    {
        var random = new Random(9);
        for (var k = 0; k < 20_000; k++)
        {
            var length = random.Next(1, 21);
            var token = new char[length];
            for (var i = 0; i < length; i++)
            {
                token[i] = random.Next(12) switch
                {
                    0 => (char)random.Next('/', ';'),
                    1 => (char)random.Next(0x20, 0x7F),
                    _ => (char)random.Next('0', '9' + 1),
                };
            }

            // Whatever surrounds the field must not leak into it.
            var before = new string('9', random.Next(0, 20)) + (random.Next(2) == 0 ? " " : "\u00ff");
            var line = Encoding.Latin1.GetBytes(before + new string(token) + " 1");
            var start = before.Length;
            var end = start + length;

            var expectedOk = FlowLineParser.TryNumberByDigit(line.AsSpan(start, length), out var expected);
            Assert.Equal(expectedOk, FlowLineParser.TryNumber(line, start, end, out var actual));
            if (expectedOk)
            {
                Assert.Equal(expected, actual);
            }
        }
    }

    private static void AssertAllAgree(string text, FlowLogField[] columns)
    {
        var line = Encoding.UTF8.GetBytes(text);
        var expected = Reference(text, columns);
        var general = default(FlowRecord);
        var generalStatus = FlowLineParser.Parse(line, columns, ref general, out var generalReason, out var generalColumn);
        Assert.True(expected.Status == generalStatus, $"'{text}': status {generalStatus}, expected {expected.Status}");
        if (expected.Status == FlowLineStatus.Rejected)
        {
            Assert.True((expected.Reason, expected.Column) == (generalReason, generalColumn), $"'{text}': {generalReason} at {generalColumn}, expected {expected.Reason} at {expected.Column}");
        }
        else if (expected.Status != FlowLineStatus.Blank)
        {
            Assert.Equal(expected.Record, general);
        }

        if (!FlowLineParser.IsDefaultLayout(columns))
        {
            return;
        }

        var fast = default(FlowRecord);
        var fastStatus = FlowLineParser.ParseDefault(line, ref fast, out var fastReason, out var fastColumn);
        Assert.True(generalStatus == fastStatus, $"'{text}': default-layout status {fastStatus}, general {generalStatus}");
        if (generalStatus == FlowLineStatus.Rejected)
        {
            Assert.True((generalReason, generalColumn) == (fastReason, fastColumn), $"'{text}': default layout {fastReason} at {fastColumn}, general {generalReason} at {generalColumn}");
        }
        else if (generalStatus != FlowLineStatus.Blank)
        {
            Assert.Equal(general, fast);
        }
    }

    /// <summary>A line made from <paramref name="fields"/> with some replaced, dropped or added and the spacing varied.</summary>
    internal static string Mutate(Random random, string[] fields)
    {
        var list = fields.ToList();
        var changes = random.Next(0, 4);
        for (var i = 0; i < changes; i++)
        {
            var at = random.Next(list.Count);
            switch (random.Next(10))
            {
                case 0:
                    list.RemoveAt(at);
                    break;
                case 1:
                    list.Insert(at, Values[random.Next(Values.Length)]);
                    break;
                case 2:
                    // Moves the following fields across the 8-, 16- and 64-byte boundaries the parsers read at.
                    list[at] = new string('x', random.Next(1, 90));
                    break;
                default:
                    list[at] = Values[random.Next(Values.Length)];
                    break;
            }
        }

        var text = new StringBuilder();
        text.Append(' ', random.Next(3) == 0 ? random.Next(1, 4) : 0);
        for (var i = 0; i < list.Count; i++)
        {
            if (i > 0)
            {
                text.Append(' ', random.Next(5) == 0 ? random.Next(2, 70) : 1);
            }

            text.Append(list[i]);
        }

        text.Append(' ', random.Next(3) == 0 ? random.Next(1, 70) : 0);
        return random.Next(8) == 0 ? text.ToString()[..random.Next(text.Length + 1)] : text.ToString();
    }

    private static List<(int Start, int End)> Fields(string text)
    {
        var fields = new List<(int, int)>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && text[i] != ' ')
            {
                i++;
            }

            fields.Add((start, i));
        }

        return fields;
    }

    /// <summary>The documented rules read with strings: what every parser must return for the line.</summary>
    private static (FlowLineStatus Status, FlowRejectReason Reason, int Column, FlowRecord Record) Reference(string text, FlowLogField[] columns)
    {
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var r = new FlowRecord { TcpFlags = -1 };
        if (tokens.Length == 0)
        {
            return (FlowLineStatus.Blank, default, -1, r);
        }

        var hasStart = false;
        var hasEnd = false;
        for (var c = 0; c < columns.Length; c++)
        {
            if (c >= tokens.Length)
            {
                return (FlowLineStatus.Rejected, FlowRejectReason.ShortLine, c, r);
            }

            var t = tokens[c];
            if (t == "-")
            {
                continue;
            }

            var field = columns[c];
            FlowRejectReason? bad = null;
            switch (field)
            {
                case FlowLogField.SrcAddr or FlowLogField.DstAddr or FlowLogField.PktSrcAddr or FlowLogField.PktDstAddr:
                    if (!FlowAddress.TryParse(t, out var a))
                    {
                        bad = FlowRejectReason.BadAddress;
                    }
                    else if (field == FlowLogField.SrcAddr)
                    {
                        r.SrcAddr = a;
                    }
                    else if (field == FlowLogField.DstAddr)
                    {
                        r.DstAddr = a;
                    }
                    else if (field == FlowLogField.PktSrcAddr)
                    {
                        r.PktSrcAddr = a;
                    }
                    else
                    {
                        r.PktDstAddr = a;
                    }

                    break;
                case FlowLogField.Action:
                    r.Action = t switch { "ACCEPT" => FlowAction.Accept, "REJECT" => FlowAction.Reject, _ => FlowAction.Unknown };
                    bad = r.Action == FlowAction.Unknown ? FlowRejectReason.BadValue : null;
                    break;
                case FlowLogField.LogStatus:
                    switch (t)
                    {
                        case "OK": r.LogStatus = FlowLogStatus.Ok; break;
                        case "NODATA": r.LogStatus = FlowLogStatus.NoData; break;
                        case "SKIPDATA": r.LogStatus = FlowLogStatus.SkipData; break;
                        default: bad = FlowRejectReason.BadValue; break;
                    }

                    break;
                case FlowLogField.FlowDirection:
                    r.Direction = t switch { "egress" => FlowDirection.Egress, "ingress" => FlowDirection.Ingress, _ => FlowDirection.Unknown };
                    bad = r.Direction == FlowDirection.Unknown ? FlowRejectReason.BadValue : null;
                    break;
                case FlowLogField.Version or FlowLogField.SrcPort or FlowLogField.DstPort or FlowLogField.Protocol or FlowLogField.Packets
                    or FlowLogField.Bytes or FlowLogField.Start or FlowLogField.End or FlowLogField.TcpFlags or FlowLogField.TrafficPath:
                    ulong max = field switch
                    {
                        FlowLogField.SrcPort or FlowLogField.DstPort => ushort.MaxValue,
                        FlowLogField.Protocol => byte.MaxValue,
                        FlowLogField.Packets or FlowLogField.Bytes => long.MaxValue,
                        FlowLogField.Start or FlowLogField.End => uint.MaxValue,
                        _ => int.MaxValue,
                    };
                    if (t.Length > 19 || !t.All(char.IsAsciiDigit) || !ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > max)
                    {
                        bad = FlowRejectReason.NonNumeric;
                        break;
                    }

                    switch (field)
                    {
                        case FlowLogField.Version: r.Version = (int)v; break;
                        case FlowLogField.SrcPort: r.SrcPort = (ushort)v; break;
                        case FlowLogField.DstPort: r.DstPort = (ushort)v; break;
                        case FlowLogField.Protocol: r.Protocol = (byte)v; break;
                        case FlowLogField.Packets: r.Packets = (long)v; break;
                        case FlowLogField.Bytes: r.Bytes = (long)v; break;
                        case FlowLogField.Start: r.Start = (long)v; hasStart = true; break;
                        case FlowLogField.End: r.End = (long)v; hasEnd = true; break;
                        case FlowLogField.TcpFlags: r.TcpFlags = (int)v; break;
                        default: r.TrafficPath = (int)v; break;
                    }

                    break;
                default:
                    break;
            }

            if (bad is { } why)
            {
                return (FlowLineStatus.Rejected, why, c, r);
            }
        }

        if (tokens.Length > columns.Length)
        {
            return (FlowLineStatus.Rejected, FlowRejectReason.LongLine, columns.Length, r);
        }

        if (r.LogStatus == FlowLogStatus.NoData)
        {
            return (FlowLineStatus.NoData, default, -1, r);
        }

        if (r.LogStatus == FlowLogStatus.SkipData)
        {
            return (FlowLineStatus.SkipData, default, -1, r);
        }

        if (r.SrcAddr.IsNone)
        {
            return (FlowLineStatus.Rejected, FlowRejectReason.MissingValue, Array.IndexOf(columns, FlowLogField.SrcAddr), r);
        }

        if (r.DstAddr.IsNone)
        {
            return (FlowLineStatus.Rejected, FlowRejectReason.MissingValue, Array.IndexOf(columns, FlowLogField.DstAddr), r);
        }

        if (!hasStart)
        {
            return (FlowLineStatus.Rejected, FlowRejectReason.MissingValue, Array.IndexOf(columns, FlowLogField.Start), r);
        }

        if (!hasEnd)
        {
            r.End = r.Start;
        }
        else if (r.End < r.Start)
        {
            return (FlowLineStatus.Rejected, FlowRejectReason.BadTime, Array.IndexOf(columns, FlowLogField.End), r);
        }

        return (FlowLineStatus.Ok, default, -1, r);
    }
}
