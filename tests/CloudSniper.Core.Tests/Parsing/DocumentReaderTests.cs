using System.Text;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Tests.Parsing;

public class DocumentReaderTests
{
    private static byte[] Lines(int count, string family = "ec2-port-probe")
    {
        var line = TestFiles.Compact(TestFiles.GuardDuty(family));
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(line.Replace("\"id\":\"", $"\"id\":\"{i:D6}-", StringComparison.Ordinal)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Fact]
    public void Read_GivenGzipWithoutGzName_DetectsItByItsMagicBytes()
    {
        var results = TestFiles.Read(TestFiles.Gzip(Lines(3)), "export.json");

        Assert.Empty(results.Errors());
        Assert.Equal(3, results.Findings().Count);
    }

    [Fact]
    public void Read_GivenPlainJsonNamedGz_ParsesItByContent()
    {
        var results = TestFiles.Read(Lines(2), "export.jsonl.gz");

        Assert.Empty(results.Errors());
        Assert.Equal(2, results.Findings().Count);
    }

    [Fact]
    public void Read_GivenForcedFormat_UsesThatParserOverDetection()
    {
        var csvLooking = Encoding.UTF8.GetBytes("ip\n185.156.73.54\n");

        var results = TestFiles.Read(csvLooking, "list", "txt");

        Assert.Equal("ip", Assert.Single(results.Errors()).Reason.Split('"')[1]);
        Assert.Equal(["185.156.73.54"], Assert.Single(results.Findings()).Indicators);
    }

    [Fact]
    public void Read_GivenUnknownForcedFormat_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => DocumentReader.Read(new MemoryStream(), "x", "yaml", CancellationToken.None));
    }

    [Fact]
    public void Read_GivenUnrecognisableContent_ReturnsOneErrorNamingTheSource()
    {
        var error = Assert.Single(TestFiles.Read(Encoding.UTF8.GetBytes("%PDF-1.7 binary stuff"), "report.pdf"));

        Assert.Equal("report.pdf", error.Error!.Source);
        Assert.Contains("unrecognised format", error.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GivenDocumentLargerThanTheDetectionWindow_StreamsEveryRecord()
    {
        var data = Lines(200);
        Assert.True(data.Length > 4 * DocumentReader.DetectionWindow);

        var results = TestFiles.Read(data, "big.jsonl");

        Assert.Empty(results.Errors());
        Assert.Equal(200, results.Findings().Count);
        Assert.Equal("big.jsonl:200", results.Findings()[^1].Origin);
    }

    [Fact]
    public void Read_GivenCancelledToken_StopsWithOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => DocumentReader.Read(new MemoryStream(Lines(2)), "x", null, cts.Token).ToList());
    }
}
