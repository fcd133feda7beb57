using System.IO.Compression;
using System.Text;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Tests.FlowLogs;

public sealed class FlowLogReaderTests
{
    private const string V2Header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

    private static (List<FlowRecord> Records, FlowReadCounters Counters) Read(byte[] content, FlowLogReaderOptions? options = null)
    {
        var sink = new ListSink();
        var counters = new FlowLogReader(options).Read(new MemoryStream(content), "test.log", sink);
        return (sink.Records, counters);
    }

    private static byte[] Text(params string[] lines) => Encoding.ASCII.GetBytes(string.Join("\n", lines) + "\n");

    private static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(plain);
        }

        return output.ToArray();
    }

    [Fact]
    public void Read_GivenDefaultV2Lines_ParsesEveryField()
    {
        var (records, counters) = Read(Text(V2Header, "2 123456789012 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 20641 443 6 20 4249 1418530010 1418530070 ACCEPT OK"));

        var r = Assert.Single(records);
        Assert.Equal(1, counters.Records);
        Assert.Equal(2, r.Version);
        Assert.Equal("172.31.16.139", r.SrcAddr.ToString());
        Assert.Equal("203.0.113.12", r.DstAddr.ToString());
        Assert.Equal(20641, r.SrcPort);
        Assert.Equal(443, r.DstPort);
        Assert.Equal(6, r.Protocol);
        Assert.Equal(20, r.Packets);
        Assert.Equal(4249, r.Bytes);
        Assert.Equal(1418530010, r.Start);
        Assert.Equal(1418530070, r.End);
        Assert.Equal(FlowAction.Accept, r.Action);
    }

    [Fact]
    public void Read_GivenCustomV5FieldsInAnyOrder_UsesTheHeader()
    {
        var (records, counters) = Read(Text(
            "flow-direction start srcaddr dstaddr pkt-srcaddr pkt-dstaddr srcport dstport protocol bytes end action log-status traffic-path tcp-flags az-id",
            "egress 1700000000 10.0.0.220 198.51.100.7 10.0.1.5 198.51.100.7 40000 443 6 512 1700000004 REJECT OK 8 19 use1-az1"));

        var r = Assert.Single(records);
        Assert.Equal(0, counters.Rejected);
        Assert.Equal(FlowDirection.Egress, r.Direction);
        Assert.Equal("10.0.1.5", r.Source.ToString());
        Assert.Equal("10.0.0.220", r.SrcAddr.ToString());
        Assert.Equal(8, r.TrafficPath);
        Assert.Equal(19, r.TcpFlags);
        Assert.Equal(FlowAction.Reject, r.Action);
        Assert.Equal(1700000004, r.End);
    }

    [Fact]
    public void Read_GivenNoDataAndSkipData_CountsThemApartFromRecords()
    {
        var (records, counters) = Read(Text(
            V2Header,
            "2 123456789012 eni-1 - - - - - - - 1431280876 1431280934 - NODATA",
            "2 123456789012 eni-1 - - - - - - - 1431280876 1431280934 - SKIPDATA",
            "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK"));

        Assert.Single(records);
        Assert.Equal(1, counters.NoData);
        Assert.Equal(1, counters.SkipData);
        Assert.Equal(0, counters.Rejected);
    }

    [Fact]
    public void Read_GivenDashForOptionalFields_TakesThemAsAbsent()
    {
        var (records, _) = Read(Text(
            "srcaddr dstaddr srcport dstport protocol bytes start end pkt-srcaddr flow-direction tcp-flags log-status",
            "10.0.0.1 8.8.8.8 - - 1 - 1700000000 - - - - OK"));

        var r = Assert.Single(records);
        Assert.True(r.PktSrcAddr.IsNone);
        Assert.Equal(FlowDirection.Unknown, r.Direction);
        Assert.Equal(-1, r.TcpFlags);
        Assert.Equal(0, r.SrcPort);
        Assert.Equal(1700000000, r.End);
    }

    [Fact]
    public void Read_GivenBadLines_CountsEachUnderItsReasonWithLineAndKeepsTheGoodOnes()
    {
        var (records, counters) = Read(Text(
            V2Header,
            "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK",
            "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000",
            "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 seventy 1431280876 1431280934 ACCEPT OK",
            "2 123456789012 eni-1 10.0.0.999 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK",
            "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 MAYBE OK",
            "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK extra",
            "2 123456789012 eni-1 - 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK",
            "2 123456789012 eni-1 10.0.0.1 8.8.8.8 70000 53 17 1 70 1431280876 1431280934 ACCEPT OK",
            "",
            "2 123456789012 eni-1 10.0.0.2 8.8.4.4 50001 53 17 1 70 1431280876 1431280934 ACCEPT OK"));

        Assert.Equal(2, records.Count);
        Assert.Equal(7, counters.Rejected);
        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.ShortLine));
        Assert.Equal(2, counters.RejectedFor(FlowRejectReason.NonNumeric));
        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.BadAddress));
        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.BadValue));
        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.LongLine));
        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.MissingValue));
        var shortLine = Assert.Single(counters.Examples, e => e.Reason.StartsWith("short line", StringComparison.Ordinal));
        Assert.Equal("test.log", shortLine.Source);
        Assert.Equal(3, shortLine.Line);
        Assert.Contains(counters.Examples, e => e.Line == 4 && e.Reason.Contains("bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_GivenNoHeader_RejectsTheFileOnceAsNotAFlowLog()
    {
        var (records, counters) = Read(Text(
            "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK",
            "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK"));

        Assert.Empty(records);
        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.MissingHeader));
        var example = Assert.Single(counters.Examples);
        Assert.Equal(1, example.Line);
        Assert.Contains("not a flow log: the first line is not a header", example.Reason, StringComparison.Ordinal);
        Assert.Contains("--assume-v2", example.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivenAReadmeOfManyLines_RejectsItOnceWithAnEscapedPreview()
    {
        var (records, counters) = Read(Text(["# Flow logs\u001b[2J of the prod VPC", .. Enumerable.Range(1, 500).Select(i => $"note {i}")]));

        Assert.Empty(records);
        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.MissingHeader));
        var example = Assert.Single(counters.Examples);
        Assert.Contains("'# Flow logs\\x1B[2J of the prod VPC'", example.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivenNoHeaderAndAnAssumedFormat_ReadsTheLines()
    {
        var (records, counters) = Read(
            Text("2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK"),
            new FlowLogReaderOptions { HeaderlessFormat = FlowLogFormat.Default });

        Assert.Single(records);
        Assert.Equal(0, counters.Rejected);
    }

    [Fact]
    public void Read_GivenAnUnknownHeader_RejectsTheLinesAsUnknownHeader()
    {
        var (records, counters) = Read(Text("timestamp message", "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK"));

        Assert.Empty(records);
        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.UnknownHeader));
    }

    [Fact]
    public void Read_GivenGzip_ReadsLikePlainText()
    {
        var plain = Text(V2Header, "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK", "2 123456789012 eni-1 10.0.0.3 1.1.1.1 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK");

        var (records, counters) = Read(Gzip(plain));

        Assert.Equal(2, records.Count);
        Assert.Equal(plain.Length, counters.Bytes);
    }

    [Fact]
    public void Read_GivenTruncatedGzip_CountsCorruptGzipAndKeepsWhatCameBefore()
    {
        var lines = new List<string> { V2Header };
        for (var i = 0; i < 20000; i++)
        {
            lines.Add($"2 123456789012 eni-1 10.0.{i % 250}.1 8.8.8.8 {30000 + (i % 30000)} 53 17 1 {i} {1431280876 + i} {1431280934 + i} ACCEPT OK");
        }

        var gz = Gzip(Text([.. lines]));
        var truncated = gz[..(gz.Length * 2 / 3)];

        var (records, counters) = Read(truncated);

        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.CorruptGzip));
        Assert.InRange(records.Count, 1, 19999);
        Assert.Equal(records.Count, counters.Records);
    }

    [Fact]
    public void Read_GivenTruncatedGzipFile_ReadsItSynchronouslyAndKeepsWhatCameBefore()
    {
        var lines = new List<string> { V2Header };
        for (var i = 0; i < 20000; i++)
        {
            lines.Add($"2 123456789012 eni-0123456789abcdef0 10.0.{i % 250}.1 8.8.8.8 {30000 + (i % 30000)} 53 17 1 {i} {1431280876 + i} {1431280934 + i} ACCEPT OK");
        }

        var gz = Gzip(Text([.. lines]));
        var path = Path.Combine(Path.GetTempPath(), $"cloudsniper-truncated-{Guid.NewGuid():N}.log.gz");
        File.WriteAllBytes(path, gz[..(gz.Length * 2 / 3)]);
        try
        {
            var sink = new ListSink();
            using (var file = File.OpenRead(path))
            {
                var counters = new FlowLogReader().Read(file, path, sink, TestContext.Current.CancellationToken);
                Assert.Equal(1, counters.RejectedFor(FlowRejectReason.CorruptGzip));
                Assert.Equal(sink.Records.Count, counters.Records);
            }

            Assert.InRange(sink.Records.Count, 1, 19999);
            for (var i = 0; i < sink.Records.Count; i++)
            {
                Assert.Equal(i, sink.Records[i].Bytes);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_GivenGzipWithGarbageInside_CountsCorruptGzip()
    {
        var lines = new List<string> { V2Header };
        for (var i = 0; i < 20000; i++)
        {
            lines.Add($"2 123456789012 eni-1 10.0.{i % 250}.1 8.8.8.8 {30000 + (i % 30000)} 53 17 1 {i} {1431280876 + i} {1431280934 + i} ACCEPT OK");
        }

        var gz = Gzip(Text([.. lines]));
        for (var i = gz.Length / 2; i < (gz.Length / 2) + 64; i++)
        {
            gz[i] ^= 0x5A;
        }

        var (records, counters) = Read(gz);

        Assert.True(counters.RejectedFor(FlowRejectReason.CorruptGzip) + counters.Rejected >= 1);
        Assert.True(records.Count < 20000);
    }

    [Fact]
    public void Read_GivenGzipCutExactlyAtALineBoundary_RejectsItAsTruncated()
    {
        var first = Text(V2Header, "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK");
        using var output = new MemoryStream();
        int cut;
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(first);

            // A sync flush ends the deflate output on a byte boundary, so the cut leaves whole lines and no trailer.
            gz.Flush();
            cut = (int)output.Length;
            gz.Write(Text("2 123456789012 eni-1 10.0.0.2 8.8.8.8 50000 53 17 1 71 1431280876 1431280934 ACCEPT OK"));
        }

        var (records, counters) = Read(output.ToArray()[..cut]);

        Assert.Single(records);
        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.CorruptGzip));
        Assert.Contains("truncated gzip", Assert.Single(counters.Examples).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivenGzipCutInsideAMember_RejectsItAsTruncated()
    {
        var lines = new List<string> { V2Header };
        for (var i = 0; i < 2000; i++)
        {
            lines.Add($"2 123456789012 eni-1 10.0.{i % 250}.1 8.8.8.8 {30000 + i} 53 17 1 {i} 1431280876 1431280934 ACCEPT OK");
        }

        var gz = Gzip(Text([.. lines]));

        // Only the 8-byte trailer is lost: every line decodes, yet the file is not whole.
        var (records, counters) = Read(gz[..^8]);

        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.CorruptGzip));
        Assert.InRange(records.Count, 1, 2000);
    }

    [Fact]
    public void Read_GivenTwoGzipMembersConcatenated_ReadsBoth()
    {
        // RFC 1952 §2.2: a gzip file is a series of members, as `cat a.gz b.gz` makes; the last line has no newline.
        var a = Gzip(Text(V2Header, "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK"));
        var b = Gzip(Encoding.ASCII.GetBytes("2 123456789012 eni-1 10.0.0.2 8.8.8.8 50000 53 17 1 71 1431280876 1431280934 ACCEPT OK"));

        var (records, counters) = Read([.. a, .. b]);

        Assert.Equal(0, counters.Rejected);
        Assert.Equal([70L, 71L], records.Select(r => r.Bytes));
    }

    [Fact]
    public async Task ReadAsync_GivenAGzipBomb_RejectsItNamingTheLimitAndReadsTheOthers()
    {
        // 8 MiB of zeros compress to under 1/64 of that; the limit here is 1 MiB.
        var bomb = Gzip([.. Text(V2Header), .. new byte[8 << 20]]);
        var good = Text(V2Header, "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK");
        var sink = new ListSink();
        var counters = await new FlowLogReader(new FlowLogReaderOptions { MaxDecompressedBytes = 1 << 20 }).ReadAsync(
            Documents(
                new CloudSniper.Core.Ingestion.InputDocument("bomb.log.gz", _ => Task.FromResult<Stream>(new MemoryStream(bomb))),
                new CloudSniper.Core.Ingestion.InputDocument("good.log", _ => Task.FromResult<Stream>(new MemoryStream(good)))),
            [sink],
            TestContext.Current.CancellationToken);

        Assert.True(bomb.Length < (8 << 20) / 64, $"{bomb.Length} compressed bytes");
        Assert.Single(sink.Records);
        Assert.True(counters.Bytes <= (1 << 20) + good.Length, $"{counters.Bytes} bytes decompressed");
        var reject = Assert.Single(counters.Examples, e => e.Source == "bomb.log.gz" && e.Reason.Contains("exceeds the limit of 1048576 bytes", StringComparison.Ordinal));
        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.CorruptGzip));
        Assert.NotNull(reject);
    }

    [Fact]
    public void Read_GivenLinesAcrossManySmallChunks_LosesNoLineAndNumbersThemRight()
    {
        var lines = new List<string> { V2Header };
        for (var i = 0; i < 5000; i++)
        {
            lines.Add(i == 4321
                ? "2 123456789012 eni-1 10.0.0.1 8.8.8.8 bad 53 17 1 70 1431280876 1431280934 ACCEPT OK"
                : $"2 123456789012 eni-1 10.0.0.1 8.8.8.8 {i + 1024} 53 17 1 70 1431280876 1431280934 ACCEPT OK");
        }

        var (records, counters) = Read(Text([.. lines]), new FlowLogReaderOptions { ChunkSize = 4096 });

        Assert.Equal(4999, records.Count);
        Assert.Equal(4323, Assert.Single(counters.Examples).Line);
    }

    [Fact]
    public async Task ReadAsync_GivenSeveralWorkers_SplitsRecordsWithoutLoss()
    {
        var lines = new List<string> { V2Header };
        for (var i = 0; i < 30000; i++)
        {
            lines.Add($"2 123456789012 eni-1 10.0.0.1 8.8.8.8 {(i % 60000) + 1024} 53 17 1 70 1431280876 1431280934 ACCEPT OK");
        }

        var content = Text([.. lines]);
        var sinks = new[] { new ListSink(), new ListSink() };
        var counters = await new FlowLogReader(new FlowLogReaderOptions { ChunkSize = 8192 }).ReadAsync(
            Documents(new CloudSniper.Core.Ingestion.InputDocument("a.log", _ => Task.FromResult<Stream>(new MemoryStream(content)))), sinks, TestContext.Current.CancellationToken);

        Assert.Equal(30000, counters.Records);
        Assert.Equal(30000, sinks.Sum(s => s.Records.Count));
    }

    [Fact]
    public async Task ReadAsync_GivenOnlyGzip_LeavesTheDecompressingThreadACoreByParsingWithOneThreadFewer()
    {
        var lines = new List<string> { V2Header };
        for (var i = 0; i < 30000; i++)
        {
            lines.Add($"2 123456789012 eni-1 10.0.0.1 8.8.8.8 {(i % 60000) + 1024} 53 17 1 {i} 1431280876 1431280934 ACCEPT OK");
        }

        var gz = Gzip(Text([.. lines]));
        var sinks = new[] { new ListSink(), new ListSink() };
        var counters = await new FlowLogReader(new FlowLogReaderOptions { ChunkSize = 8192 }).ReadAsync(
            Documents(
                new CloudSniper.Core.Ingestion.InputDocument("a.log.gz", _ => Task.FromResult<Stream>(new MemoryStream(gz))),
                new CloudSniper.Core.Ingestion.InputDocument("b.log.gz", _ => Task.FromResult<Stream>(new MemoryStream(gz)))),
            sinks,
            TestContext.Current.CancellationToken);

        Assert.Equal(60000, counters.Records);
        Assert.Empty(sinks[1].Records);

        // One parser: the records arrive in file order.
        Assert.Equal(Enumerable.Range(0, 30000).Concat(Enumerable.Range(0, 30000)).Select(i => (long)i), sinks[0].Records.Select(r => r.Bytes));
    }

    [Fact]
    public async Task ReadAsync_GivenPlainTextAfterGzip_StartsTheLastParserToo()
    {
        var lines = new List<string> { V2Header };
        for (var i = 0; i < 30000; i++)
        {
            lines.Add($"2 123456789012 eni-1 10.0.0.1 8.8.8.8 {(i % 60000) + 1024} 53 17 1 {i} 1431280876 1431280934 ACCEPT OK");
        }

        var plain = Text([.. lines]);
        var sinks = new ListSink[] { new StallingSink(40_000), new ListSink() };
        var counters = await new FlowLogReader(new FlowLogReaderOptions { ChunkSize = 8192 }).ReadAsync(
            Documents(
                new CloudSniper.Core.Ingestion.InputDocument("a.log.gz", _ => Task.FromResult<Stream>(new MemoryStream(Gzip(plain)))),
                new CloudSniper.Core.Ingestion.InputDocument("b.log", _ => Task.FromResult<Stream>(new MemoryStream(plain)))),
            sinks,
            TestContext.Current.CancellationToken);

        Assert.Equal(60000, counters.Records);
        Assert.Equal(60000, sinks.Sum(s => s.Records.Count));
        Assert.Equal(2L * Enumerable.Range(0, 30000).Sum(i => (long)i), sinks.SelectMany(s => s.Records).Sum(r => r.Bytes));
        Assert.NotEmpty(sinks[1].Records);
    }

    [Fact]
    public async Task ReadAsync_GivenAMissingFile_CountsItUnreadableAndReadsTheOthers()
    {
        var content = Text(V2Header, "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1431280876 1431280934 ACCEPT OK");
        var sink = new ListSink();
        var counters = await new FlowLogReader().ReadAsync(
            Documents(
                new CloudSniper.Core.Ingestion.InputDocument("missing.log", _ => throw new FileNotFoundException("no such file", "missing.log")),
                new CloudSniper.Core.Ingestion.InputDocument("b.log", _ => Task.FromResult<Stream>(new MemoryStream(content)))),
            [sink],
            TestContext.Current.CancellationToken);

        Assert.Single(sink.Records);
        Assert.Equal(1, counters.RejectedFor(FlowRejectReason.Unreadable));
        Assert.Equal("missing.log", counters.Examples[0].Source);
    }

    private static async IAsyncEnumerable<CloudSniper.Core.Ingestion.InputDocument> Documents(params CloudSniper.Core.Ingestion.InputDocument[] documents)
    {
        foreach (var d in documents)
        {
            await Task.Yield();
            yield return d;
        }
    }

    private class ListSink : IFlowRecordSink
    {
        public List<FlowRecord> Records { get; } = [];

        public virtual void OnRecord(in FlowRecord record) => Records.Add(record);
    }

    /// <summary>Stalls once, at its <paramref name="at"/>-th record, so that other parsers must take the chunks meanwhile.</summary>
    private sealed class StallingSink(int at) : ListSink
    {
        public override void OnRecord(in FlowRecord record)
        {
            base.OnRecord(in record);
            if (Records.Count == at)
            {
                Thread.Sleep(300);
            }
        }
    }
}
