using System.Text;
using CloudSniper.Core.FlowLogs;
using CloudSniper.Core.FlowLogs.Internal;

namespace CloudSniper.Core.Tests.FlowLogs;

/// <summary>
/// Every parser path on records whose fields are written out by hand from the AWS pages "Flow log records" (the
/// default version 2 fields, in order: version account-id interface-id srcaddr dstaddr srcport dstport protocol packets
/// bytes start end action log-status) and "Flow log record examples": the comparison tests prove the paths agree, these
/// pin what they agree on.
/// </summary>
public sealed class FlowRecordExamplesTests
{
    private static readonly FlowLogField[] V2 = FlowLogFormat.Default.Columns.ToArray();

    /// <summary>The version 2 fields of a record, as text where the text is what the documentation gives.</summary>
    private static (int Version, string Src, string Dst, int SrcPort, int DstPort, int Protocol, long Packets, long Bytes, long Start, long End, FlowAction Action, FlowLogStatus Status) Fields(in FlowRecord r) =>
        (r.Version, r.SrcAddr.ToString(), r.DstAddr.ToString(), r.SrcPort, r.DstPort, r.Protocol, r.Packets, r.Bytes, r.Start, r.End, r.Action, r.LogStatus);

    public static TheoryData<string, (int, string, string, int, int, int, long, long, long, long, FlowAction, FlowLogStatus)> Accepted() => new()
    {
        // Accepted SSH (TCP port 22) to an instance.
        {
            "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
            (2, "172.31.16.139", "172.31.16.21", 20641, 22, 6, 20L, 4249L, 1418530010L, 1418530070L, FlowAction.Accept, FlowLogStatus.Ok)
        },
        // Rejected RDP (TCP port 3389).
        {
            "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK",
            (2, "172.31.9.69", "172.31.9.12", 49761, 3389, 6, 20L, 4249L, 1418530010L, 1418530070L, FlowAction.Reject, FlowLogStatus.Ok)
        },
        // A DNS query over UDP (protocol 17), one packet.
        {
            "2 123456789012 eni-0123456789abcdef0 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK",
            (2, "10.0.0.1", "8.8.8.8", 50000, 53, 17, 1L, 70L, 1431280876L, 1431280934L, FlowAction.Accept, FlowLogStatus.Ok)
        },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void ParseDefault_GivenADocumentedRecord_ReadsEachFieldAsDocumented(string line, (int, string, string, int, int, int, long, long, long, long, FlowAction, FlowLogStatus) expected)
    {
        var record = default(FlowRecord);

        Assert.Equal(FlowLineStatus.Ok, FlowLineParser.ParseDefault(Encoding.ASCII.GetBytes(line), ref record, out _, out _));
        Assert.Equal(expected, Fields(record));
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parse_GivenADocumentedRecordInTheDefaultColumns_ReadsEachFieldAsDocumented(string line, (int, string, string, int, int, int, long, long, long, long, FlowAction, FlowLogStatus) expected)
    {
        var record = default(FlowRecord);

        Assert.Equal(FlowLineStatus.Ok, FlowLineParser.Parse(Encoding.ASCII.GetBytes(line), V2, ref record, out _, out _));
        Assert.Equal(expected, Fields(record));
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void TryRead_GivenADocumentedRecord_ReadsEachFieldAsDocumented(string line, (int, string, string, int, int, int, long, long, long, long, FlowAction, FlowLogStatus) expected)
    {
        Assert.SkipUnless(DefaultLineScanner.IsSupported, "the fast path needs vector instructions this machine lacks");
        var text = new byte[line.Length + 1 + DefaultLineScanner.Lookahead];
        Encoding.ASCII.GetBytes(line).CopyTo(text, 0);
        text[line.Length] = (byte)'\n';
        var record = default(FlowRecord);

        Assert.True(DefaultLineScanner.TryRead(text, ref record, out var length));
        Assert.Equal(line.Length, length);
        Assert.Equal(expected, Fields(record));
    }

    [Fact]
    public void ParseDefault_GivenDocumentedIpv6Record_ReadsBothAddresses()
    {
        const string line = "2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK";
        var record = default(FlowRecord);

        Assert.Equal(FlowLineStatus.Ok, FlowLineParser.ParseDefault(Encoding.ASCII.GetBytes(line), ref record, out _, out _));
        Assert.Equal(
            (2, "2001:db8:1234:a100:8d6e:3477:df66:f105", "2001:db8:1234:a102:3304:8879:34cf:4071", 34892, 22, 6, 54L, 8855L, 1477913708L, 1477913820L, FlowAction.Accept, FlowLogStatus.Ok),
            Fields(record));
    }

    [Theory]
    // No traffic in the aggregation interval: only the window and the status are logged.
    [InlineData("2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA", "NoData")]
    // Records skipped during the aggregation interval.
    [InlineData("2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA", "SkipData")]
    public void ParseDefault_GivenARecordWithoutTraffic_ReportsItsLogStatus(string line, string status)
    {
        var expected = Enum.Parse<FlowLineStatus>(status);
        var fast = default(FlowRecord);
        var general = default(FlowRecord);

        Assert.Equal(expected, FlowLineParser.ParseDefault(Encoding.ASCII.GetBytes(line), ref fast, out _, out _));
        Assert.Equal(expected, FlowLineParser.Parse(Encoding.ASCII.GetBytes(line), V2, ref general, out _, out _));
    }

    [Fact]
    public void Parse_GivenACustomFormatRecordThroughANatGateway_ReadsThePacketAddressesDirectionAndFlags()
    {
        // A custom format with version 5 fields; the instance behind the NAT gateway is the packet-level source.
        var columns = FlowLogFormat.Parse("version interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags flow-direction").Columns.ToArray();
        const string line = "5 eni-1235b8ca123456789 10.0.1.5 203.0.113.5 10.0.0.220 203.0.113.5 41952 443 6 11 2398 1566848875 1566848933 ACCEPT OK 19 egress";
        var record = default(FlowRecord);

        Assert.Equal(FlowLineStatus.Ok, FlowLineParser.Parse(Encoding.ASCII.GetBytes(line), columns, ref record, out _, out _));
        Assert.Equal((5, "10.0.1.5", "203.0.113.5", 41952, 443, 6, 11L, 2398L, 1566848875L, 1566848933L, FlowAction.Accept, FlowLogStatus.Ok), Fields(record));
        Assert.Equal("10.0.0.220", record.PktSrcAddr.ToString());
        Assert.Equal("10.0.0.220", record.Source.ToString());
        Assert.Equal("203.0.113.5", record.Destination.ToString());
        // 19 = FIN (1) | SYN (2) | ACK (16), the flags OR-ed over the interval.
        Assert.Equal(19, record.TcpFlags);
        Assert.Equal(FlowDirection.Egress, record.Direction);
    }
}
