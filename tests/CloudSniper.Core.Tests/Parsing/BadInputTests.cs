using System.Text;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Parsing;

namespace CloudSniper.Core.Tests.Parsing;

/// <summary>Every kind of bad input is rejected record by record, naming where and why, and the good records still come out.</summary>
public class BadInputTests
{
    private static readonly GuardDutyParser Parser = new();

    private static string Line(string family) => TestFiles.Compact(TestFiles.GuardDuty(family));

    [Fact]
    public void Parse_GivenJsonLinesWithATruncatedLine_RejectsThatLineOnly()
    {
        var truncated = Line("ec2-dns-c2")[..900];
        var text = Line("ec2-port-probe") + "\n" + truncated + "\n" + Line("ec2-c2-outbound") + "\n";

        var results = TestFiles.Parse(Parser, text, "export.jsonl");

        var error = Assert.Single(results.Errors());
        Assert.Equal(("export.jsonl", 2L), (error.Source, error.Line));
        Assert.Contains("invalid JSON", error.Reason, StringComparison.Ordinal);
        Assert.Equal(["Recon:EC2/PortProbeUnprotectedPort", "Backdoor:EC2/C&CActivity.B"], results.Findings().Select(f => f.Type.Raw));
    }

    [Fact]
    public void Parse_GivenJsonLinesWithInvalidJson_ReportsLineAndByteOffsetAndGoesOn()
    {
        var first = Line("ec2-port-probe");
        var text = first + "\n{\"id\": \"x\", \"type\": oops}\n" + Line("ec2-c2-outbound") + "\n";

        var results = TestFiles.Parse(Parser, text);

        var error = Assert.Single(results.Errors());
        Assert.Equal(2, error.Line);
        Assert.Equal(Encoding.UTF8.GetByteCount(first) + 1 + "{\"id\": \"x\", \"type\": ".Length, error.Offset);
        Assert.Equal(2, results.Findings().Count);
    }

    [Fact]
    public void Parse_GivenSingleDocumentBrokenMidway_ReturnsRecordsBeforeTheBreakThenOneError()
    {
        var page = "{\"Findings\": [\n" + TestFiles.GuardDuty("ec2-port-probe") + ",\n" + TestFiles.GuardDuty("ec2-dns-c2") + ",\n";
        var brokenStart = Encoding.UTF8.GetByteCount(page);
        page += TestFiles.GuardDuty("ec2-c2-outbound")[..1500];

        var results = TestFiles.Parse(Parser, page, "page.json");

        Assert.Equal(2, results.Findings().Count);
        var error = Assert.Single(results.Errors());
        Assert.Equal(brokenStart, error.Offset);
        Assert.Contains("truncated", error.Reason, StringComparison.Ordinal);
        Assert.Equal(ParseResult.Fail(error), results[^1]);
    }

    [Theory]
    [InlineData("\"severity\": 8", "\"severity\": \"high\"", "severity")]
    [InlineData("\"count\": 96", "\"count\": {\"n\": 96}", "service.count")]
    [InlineData("\"type\": \"Backdoor:EC2/C&CActivity.B\"", "\"type\": true", "type")]
    [InlineData("\"updatedAt\": \"2024-06-03T11:40:02.117Z\"", "\"updatedAt\": \"yesterday\"", "updatedAt")]
    [InlineData("\"eventFirstSeen\": \"2024-06-03T02:19:31.000Z\"", "\"eventFirstSeen\": true", "service.eventFirstSeen")]
    [InlineData("\"severity\": 8", "\"severity\": 80", "severity")]
    public void Parse_GivenWrongValueType_RejectsTheRecordNamingTheFieldAndKeepsTheOthers(string good, string bad, string field)
    {
        var broken = TestFiles.GuardDuty("ec2-c2-outbound").Replace(good, bad, StringComparison.Ordinal);
        Assert.NotEqual(TestFiles.GuardDuty("ec2-c2-outbound"), broken);
        var text = Line("ec2-port-probe") + "\n" + TestFiles.Compact(broken) + "\n" + Line("ec2-dns-c2") + "\n";

        var results = TestFiles.Parse(Parser, text, "mixed.jsonl");

        var error = Assert.Single(results.Errors());
        Assert.StartsWith(field + ":", error.Reason, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
        Assert.Equal(2, results.Findings().Count);
    }

    [Fact]
    public void Parse_GivenWrongTypeInOneFindingOfAPage_RejectsOnlyThatFinding()
    {
        var bad = TestFiles.GuardDuty("ec2-dns-c2").Replace("\"count\": 412", "\"count\": [412]", StringComparison.Ordinal);
        var page = $"[{Line("ec2-port-probe")},{TestFiles.Compact(bad)},{Line("ec2-c2-outbound")}]";
        var wrapped = "{\"Findings\": [{\"Findings\": " + page + "}]}";

        var results = TestFiles.Parse(Parser, wrapped);

        Assert.Contains("service.count", Assert.Single(results.Errors()).Reason, StringComparison.Ordinal);
        Assert.Equal(2, results.Findings().Count);
    }

    [Fact]
    public void Parse_GivenFindingWithoutId_RejectsIt()
    {
        var error = Assert.Single(TestFiles.Parse(Parser, "{\"type\": \"Recon:EC2/Portscan\", \"severity\": 5}").Errors());

        Assert.Contains("missing \"id\"", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GivenNonUtf8BytesInOneLine_RejectsThatLineWithItsOffset()
    {
        var first = Encoding.UTF8.GetBytes(Line("ec2-port-probe") + "\n");
        var second = Encoding.UTF8.GetBytes(Line("ec2-dns-c2"));
        var at = Array.IndexOf(second, (byte)'[');
        second[at + 5] = 0xFF;
        second[at + 6] = 0xFE;
        var third = Encoding.UTF8.GetBytes("\n" + Line("ec2-c2-outbound") + "\n");

        var results = Parser.Parse(new MemoryStream([.. first, .. second, .. third]), "latin1.jsonl", TestContext.Current.CancellationToken).ToList();

        var error = Assert.Single(results.Errors());
        Assert.Equal((2L, (long)(first.Length + at + 5)), (error.Line, error.Offset));
        Assert.Contains("UTF-8", error.Reason, StringComparison.Ordinal);
        Assert.Equal(2, results.Findings().Count);
    }

    [Fact]
    public void Parse_GivenNonUtf8BytesInAFeedLine_RejectsThatLine()
    {
        byte[] data = [.. "185.156.73.54\n"u8, 0xC3, 0x28, .. ".top\n91.92.242.18\n"u8];

        var results = new TextFeedParser().Parse(new MemoryStream(data), "list.txt", TestContext.Current.CancellationToken).ToList();

        Assert.Equal(2, Assert.Single(results.Errors()).Line);
        Assert.Equal(2, results.Findings().Count);
    }

    [Fact]
    public void Parse_GivenTenMegabyteStringInOneLine_RejectsThatRecordAndKeepsTheOthers()
    {
        var huge = TestFiles.GuardDuty("ec2-dns-c2").Replace("\"description\": \"", "\"description\": \"" + new string('A', 10 * 1024 * 1024), StringComparison.Ordinal);
        var text = Line("ec2-port-probe") + "\n" + TestFiles.Compact(huge) + "\n" + Line("ec2-c2-outbound") + "\n";

        var results = TestFiles.Parse(Parser, text);

        var error = Assert.Single(results.Errors());
        Assert.Equal(2, error.Line);
        Assert.Contains("larger than", error.Reason, StringComparison.Ordinal);
        Assert.Equal(2, results.Findings().Count);
    }

    [Fact]
    public void Parse_GivenTenMegabyteStringInAnArrayElement_RejectsThatElementAndKeepsTheOthers()
    {
        var huge = TestFiles.GuardDuty("ec2-dns-c2").Replace("\"title\": \"", "\"title\": \"" + new string('x', 10 * 1024 * 1024), StringComparison.Ordinal);
        var text = "[\n" + TestFiles.GuardDuty("ec2-port-probe") + ",\n" + huge + ",\n" + TestFiles.GuardDuty("ec2-c2-outbound") + "\n]";

        var results = TestFiles.Parse(Parser, text);

        Assert.Contains("larger than", Assert.Single(results.Errors()).Reason, StringComparison.Ordinal);
        Assert.Equal(2, results.Findings().Count);
    }

    public static TheoryData<string> Formats() => [.. FindingParsers.All.Select(p => p.Key)];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Parse_GivenEmptyInput_ReturnsOneEmptyDocumentError(string format)
    {
        var parser = FindingParsers.Find(format)!;

        Assert.Contains("empty", Assert.Single(TestFiles.Parse(parser, "", "empty.json")).Error!.Reason, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Single(TestFiles.Parse(parser, " \r\n\t\n", "blank.json")).Error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivenEmptyFile_ReturnsOneErrorNamingTheSource()
    {
        var error = Assert.Single(TestFiles.Read([], "empty.json")).Error!;

        Assert.Equal(("empty.json", "empty document"), (error.Source, error.Reason));
    }

    [Fact]
    public void Read_GivenTruncatedGzip_KeepsEveryRecordReadAndReportsTheTruncation()
    {
        var lines = Enumerable.Range(0, 300).Select(i => Line("ec2-port-probe").Replace("\"id\":\"", $"\"id\":\"{i:D4}", StringComparison.Ordinal));
        var gz = TestFiles.Gzip(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

        var results = TestFiles.Read(gz[..(gz.Length / 2)], "export.jsonl.gz");

        Assert.InRange(results.Findings().Count, 1, 299);
        var gzipError = Assert.Single(results.Errors(), e => e.Reason.Contains("gzip", StringComparison.Ordinal));
        Assert.Equal("export.jsonl.gz", gzipError.Source);
        Assert.Contains("truncated", gzipError.Reason, StringComparison.Ordinal);
        Assert.Equal(results.Findings().Select((f, i) => $"{i:D4}"), results.Findings().Select(f => f.Id[..4]));
    }

    [Fact]
    public void Read_GivenCorruptGzip_ReportsItAfterTheRecordsBeforeTheDamage()
    {
        var lines = Enumerable.Range(0, 300).Select(i => Line("ec2-port-probe").Replace("\"id\":\"", $"\"id\":\"{i:D4}", StringComparison.Ordinal));
        var gz = TestFiles.Gzip(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        for (var i = gz.Length * 3 / 4; i < (gz.Length * 3 / 4) + 64; i++)
        {
            gz[i] ^= 0x5A;
        }

        var results = TestFiles.Read(gz, "export.jsonl.gz");

        Assert.InRange(results.Findings().Count, 1, 299);
        var last = results[^1].Error;
        Assert.NotNull(last);
        Assert.Equal("export.jsonl.gz", last.Source);
        Assert.Contains("gzip", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivenGzFileThatIsNotGzipNorAnyFormat_ReturnsAnError()
    {
        var error = Assert.Single(TestFiles.Read([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00], "findings.json.gz")).Error!;

        Assert.Equal("findings.json.gz", error.Source);
    }

    [Fact]
    public void Read_GivenGzipMagicFollowedByGarbage_ReturnsAGzipError()
    {
        var error = Assert.Single(TestFiles.Read([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0xFF, 0xFF, 0xFF], "x.gz")).Error!;

        Assert.Contains("gzip", error.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Corpora() => new()
    {
        { "guardduty", TestFiles.EventBridge(TestFiles.GuardDuty("attack-sequence-iam")) },
        { "guardduty", "{\"findings\":[" + TestFiles.GuardDuty("runtime-c2-eks-container") + "," + TestFiles.GuardDuty("ec2-port-probe") + "]}" },
        { "asff", File.ReadAllText(Path.Combine(TestFiles.SamplesDir, "findings", "securityhub-thirdparty-netwarden.json")) },
        { "inspector", File.ReadAllText(Path.Combine(TestFiles.SamplesDir, "findings", "inspector-listfindings.json")) },
        { "stix", File.ReadAllText(Path.Combine(TestFiles.SamplesDir, "feeds", "northwind-threat-intel.stix.json")) },
        { "csv", File.ReadAllText(Path.Combine(TestFiles.SamplesDir, "feeds", "partner-blocklist.csv")) },
        { "txt", File.ReadAllText(Path.Combine(TestFiles.SamplesDir, "feeds", "scanners.txt")) },
    };

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Parse_GivenTheDocumentCutAtAnyByte_NeverThrowsAndReportsEveryLoss(string format, string document)
    {
        var parser = FindingParsers.Find(format)!;
        var bytes = Encoding.UTF8.GetBytes(document);
        var complete = parser.Parse(new MemoryStream(bytes), "full", TestContext.Current.CancellationToken).Findings().Count;
        Assert.True(complete > 0);

        for (var cut = 0; cut < bytes.Length; cut += 37)
        {
            var results = parser.Parse(new MemoryStream(bytes[..cut]), "cut", TestContext.Current.CancellationToken).ToList();
            Assert.True(results.Count > 0 || format is "stix" or "csv" or "txt", $"nothing reported for a cut at {cut}");
            Assert.All(results, r => Assert.True((r.Finding is null) != (r.Error is null)));
        }
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Read_GivenRandomlyDamagedDocuments_NeverThrows(string format, string document)
    {
        var random = new Random(format.Length * 7919);
        var original = Encoding.UTF8.GetBytes(document);
        for (var round = 0; round < 150; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var hit = 0; hit < 1 + (round % 5); hit++)
            {
                bytes[random.Next(bytes.Length)] = (byte)"{}[]\",:\\\0\xFF tn0"[random.Next(13)];
            }

            var results = DocumentReader.Read(new MemoryStream(round % 2 == 0 ? bytes : TestFiles.Gzip(bytes)[..^random.Next(0, 9)]), "fuzz", round % 3 == 0 ? format : null, TestContext.Current.CancellationToken).ToList();

            Assert.NotEmpty(results);
            Assert.All(results, r => Assert.True((r.Finding is null) != (r.Error is null)));
        }
    }
}
