using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CloudSniper.Core.CloudTrail;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Tests.CloudTrail;

public sealed class CloudTrailReaderTests
{
    private static (List<string> Names, List<RecordError> Errors, CloudTrailReadStats Stats) ReadAll(byte[] bytes, string source = "test.json", Action<CloudTrailRecord>? each = null)
    {
        var reader = new CloudTrailReader(StandardFields.Create());
        var names = new List<string>();
        var errors = new List<RecordError>();
        using var stream = new MemoryStream(bytes);
        var stats = reader.Read(stream, source, r =>
        {
            names.Add(r.Text(StandardFields.EventName)!);
            each?.Invoke(r);
        }, errors.Add, TestContext.Current.CancellationToken);
        return (names, errors, stats);
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void ReadFile_GivenEveryStratusCapture_ReadsAsManyRecordsAsTheArrayHolds()
    {
        CorpusPaths.RequireCorpus();
        var reader = new CloudTrailReader(StandardFields.Create());
        long total = 0;
        foreach (var file in Directory.GetFiles(CorpusPaths.Stratus, "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var expectedNames = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("eventName").GetString()).ToList();
            var names = new List<string?>();
            var errors = new List<RecordError>();
            var stats = reader.ReadFile(file, r => names.Add(r.Text(StandardFields.EventName)), errors.Add, TestContext.Current.CancellationToken);
            Assert.Empty(errors);
            Assert.Equal(expectedNames, names);
            Assert.Equal(expectedNames.Count, stats.Records);
            total += stats.Records;
        }

        Assert.Equal(310, total);
    }

    [Fact]
    public void ReadFile_GivenOtrfLogstashLines_ReadsEachLineAndTakesTimeFromTimestamp()
    {
        CorpusPaths.RequireCorpus();
        var file = Directory.GetFiles(CorpusPaths.Otrf, "*.json").Single();
        var lines = File.ReadAllLines(file).Where(l => l.Trim().Length > 0).ToList();
        var firstTimestamp = JsonDocument.Parse(lines[0]).RootElement.GetProperty("@timestamp").GetDateTimeOffset();
        var reader = new CloudTrailReader(StandardFields.Create());
        var times = new List<DateTimeOffset?>();
        var recordLines = new List<long?>();
        var stats = reader.ReadFile(file, r => { times.Add(r.Time); recordLines.Add(r.Line); }, e => Assert.Fail(e.ToString()), TestContext.Current.CancellationToken);
        Assert.Equal(lines.Count, stats.Records);
        Assert.Equal(firstTimestamp, times[0]);
        Assert.Equal(1, recordLines[0]);
        Assert.Equal(lines.Count, recordLines[^1]);
    }

    [Fact]
    public void Read_GivenGzippedS3DeliveryFile_StreamsTheRecordsArray()
    {
        var records = string.Join(",", Enumerable.Range(0, 500).Select(i => $$"""{"eventSource":"s3.amazonaws.com","eventName":"GetObject{{i % 3}}","eventTime":"2024-01-01T00:00:00Z"}"""));
        var json = Utf8("{\"Records\":[" + records + "]}");
        using var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(json);
        }

        var (names, errors, stats) = ReadAll(packed.ToArray(), "delivery.json.gz");
        Assert.Empty(errors);
        Assert.Equal(500, names.Count);
        Assert.Equal("GetObject2", names[2]);
        Assert.Equal(json.Length, stats.Bytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_GivenACorruptOrTruncatedGzip_KeepsWhatDecodedAndReportsTheFaultWithItsOffset(bool truncate)
    {
        var records = string.Join(",", Enumerable.Range(0, 2000).Select(i => "{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject" + i + "\",\"requestParameters\":{\"key\":\"" + new string('k', 100) + "\"}}"));
        using var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Utf8("{\"Records\":[" + records + "]}"));
        }

        var bytes = packed.ToArray();
        if (truncate)
        {
            bytes = bytes[..(bytes.Length / 2)];
        }
        else
        {
            bytes[^6] ^= 0xFF; // a damaged CRC-32 in the trailer
        }

        var (names, errors, stats) = ReadAll(bytes, "damaged.json.gz");
        var gzipError = Assert.Single(errors, e => e.Reason.StartsWith("gzip: ", StringComparison.Ordinal));
        Assert.NotNull(gzipError.Offset);
        Assert.Equal("damaged.json.gz", gzipError.Source);
        if (truncate)
        {
            Assert.InRange(names.Count, 1, 1999);
            Assert.Equal(["GetObject0", "GetObject1"], names.Take(2));
        }
        else
        {
            Assert.Equal(2000, names.Count);
            Assert.Contains("CRC", gzipError.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(errors.Count, stats.Rejected);
    }

    [Fact]
    public void Read_GivenRecordsAfterAnotherKey_StillReadsEveryRecord()
    {
        var (names, errors, _) = ReadAll(Utf8("""{"note": {"x": [1,2]}, "Records": [{"eventSource":"a","eventName":"One"},{"eventSource":"a","eventName":"Two"}]}"""));
        Assert.Empty(errors);
        Assert.Equal(["One", "Two"], names);
    }

    [Fact]
    public void Read_GivenEventBridgeEnvelopes_ReadsTheDetailAndRejectsOtherDetailTypes()
    {
        var text = """
            {"version":"0","id":"1","detail-type":"AWS API Call via CloudTrail","source":"aws.iam","resources":[{"ARN":"envelope"}],"detail":{"eventSource":"iam.amazonaws.com","eventName":"CreateUser","resources":[{"ARN":"inner"}]}}
            {"version":"0","id":"2","detail-type":"GuardDuty Finding","source":"aws.guardduty","detail":{"id":"x"}}
            {"version":"0","id":"3","detail-type":"AWS Console Sign In via CloudTrail","source":"aws.signin","detail":{"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin"}}
            """;
        var fields = StandardFields.Create();
        var arn = fields.Register("resources.ARN");
        var reader = new CloudTrailReader(fields);
        var seen = new List<string>();
        var errors = new List<RecordError>();
        reader.Read(new MemoryStream(Utf8(text)), "eb.jsonl", r =>
        {
            seen.Add(r.Text(StandardFields.EventName) + ":" + (r.CountOf(arn) > 0 ? r.Text(arn) : "-"));
            Assert.StartsWith("{\"eventSource\"", Encoding.UTF8.GetString(r.Json.Span), StringComparison.Ordinal);
        }, errors.Add, TestContext.Current.CancellationToken);
        Assert.Equal(["CreateUser:inner", "ConsoleLogin:-"], seen);
        var error = Assert.Single(errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("GuardDuty Finding", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivenArrayOfEnvelopes_ReadsEachDetail()
    {
        var (names, errors, _) = ReadAll(Utf8("""[{"detail-type":"AWS API Call via CloudTrail","detail":{"eventSource":"ec2.amazonaws.com","eventName":"RunInstances"}},{"eventSource":"s3.amazonaws.com","eventName":"PutObject"}]"""));
        Assert.Empty(errors);
        Assert.Equal(["RunInstances", "PutObject"], names);
    }

    [Fact]
    public void Read_GivenBadLineAmongJsonLines_RejectsThatLineOnlyNamingIt()
    {
        var text = "{\"eventSource\":\"a\",\"eventName\":\"One\"}\n{\"eventSource\":\"a\",\"eventName\":\n\n{\"eventSource\":\"a\",\"eventName\":\"Three\"}\nnot json\n{\"eventName\":\"NoSource\"}\n";
        var (names, errors, stats) = ReadAll(Utf8(text), "lines.jsonl");
        Assert.Equal(["One", "Three"], names);
        Assert.Equal(3, errors.Count);
        Assert.Equal([2L, 5L, 6L], errors.Select(e => e.Line!.Value));
        Assert.All(errors, e => Assert.Equal("lines.jsonl", e.Source));
        Assert.Contains("eventSource missing", errors[2].Reason, StringComparison.Ordinal);
        Assert.Equal(2, stats.Records);
        Assert.Equal(3, stats.Rejected);
    }

    [Fact]
    public void Read_GivenTruncatedArray_KeepsTheCompleteRecordsAndReportsTheOffset()
    {
        var text = """[{"eventSource":"a","eventName":"One"}, 42, {"eventSource":"a","eventName":"Two"}, {"eventSource":"a","eventN""";
        var (names, errors, _) = ReadAll(Utf8(text));
        Assert.Equal(["One", "Two"], names);
        Assert.Equal(2, errors.Count);
        Assert.Contains("not a JSON object", errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal(text.IndexOf("42", StringComparison.Ordinal), errors[0].Offset);
        Assert.Contains("truncated", errors[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivenInvalidJsonInsideAnElement_RejectsItAndGoesOn()
    {
        var text = """[{"eventSource":"a","eventName":"One"},{"eventSource":"a" "eventName":"Bad"},{"eventSource":"a","eventName":"Three"}]""";
        var (names, errors, _) = ReadAll(Utf8(text));
        Assert.Equal(["One", "Three"], names);
        Assert.Contains("invalid JSON", Assert.Single(errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivenNestedArraysAndScalars_ExtractsEveryValueOfAPath()
    {
        var fields = StandardFields.Create();
        var cidr = fields.Register("requestParameters.ipPermissions.items.ipRanges.items.cidrIp");
        var port = fields.Register("requestParameters.ipPermissions.items.fromPort");
        var flag = fields.Register("requestParameters.dryRun");
        var empty = fields.Register("requestParameters.nothing");
        var obj = fields.Register("requestParameters.ipPermissions");
        var escaped = fields.Register("requestParameters.key");
        var text = """
            {"eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress","readOnly":false,
             "requestParameters":{"dryRun":true,"nothing":null,"k\u0065y":"v\"q",
               "ipPermissions":{"items":[{"fromPort":22,"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"},{"cidrIp":"10.0.0.0/8"}]}},{"fromPort":443,"ipRanges":{"items":[{"cidrIp":"1.2.3.4/32"}]}}]}}}
            """;
        var reader = new CloudTrailReader(fields);
        var ran = false;
        reader.Read(new MemoryStream(Utf8(text)), "t", r =>
        {
            ran = true;
            Assert.Equal(["0.0.0.0/0", "10.0.0.0/8", "1.2.3.4/32"], Enumerable.Range(0, r.CountOf(cidr)).Select(i => r.ValueAt(cidr, i).Text));
            Assert.Equal(["22", "443"], Enumerable.Range(0, r.CountOf(port)).Select(i => r.ValueAt(port, i).Text));
            Assert.Equal(JsonValueKind.True, r.ValueAt(flag, 0).Kind);
            Assert.True(r.Has(empty));
            Assert.True(r.ValueAt(empty, 0).IsNull);
            Assert.True(r.Has(obj));
            Assert.Equal(0, r.CountOf(obj));
            Assert.Equal("v\"q", r.Text(escaped));
            Assert.Equal("false", r.Text(StandardFields.ReadOnly));
            Assert.False(r.Has(StandardFields.ErrorCode));
        }, e => Assert.Fail(e.ToString()), TestContext.Current.CancellationToken);
        Assert.True(ran);
    }

    [Fact]
    public void Read_GivenARecordLargerThanTheBuffer_GrowsAndReadsIt()
    {
        var big = new string('x', 3 * 1024 * 1024);
        var text = "[{\"eventSource\":\"a\",\"eventName\":\"Big\",\"requestParameters\":{\"blob\":\"" + big + "\"}},{\"eventSource\":\"a\",\"eventName\":\"After\"}]";
        var (names, errors, _) = ReadAll(Utf8(text));
        Assert.Empty(errors);
        Assert.Equal(["Big", "After"], names);
    }

    [Fact]
    public void Read_GivenPrettyPrintedSingleRecordsFollowingEachOther_ReadsBoth()
    {
        var text = "{\n  \"eventSource\": \"a\",\n  \"eventName\": \"One\"\n}\n{\n  \"eventSource\": \"a\",\n  \"eventName\": \"Two\"\n}\n";
        var (names, errors, _) = ReadAll(Utf8(text));
        Assert.Empty(errors);
        Assert.Equal(["One", "Two"], names);
    }
}
