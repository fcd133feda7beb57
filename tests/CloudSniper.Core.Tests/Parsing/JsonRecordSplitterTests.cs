using System.Text;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Tests.Parsing;

public class JsonRecordSplitterTests
{
    private static List<(string? Text, long Offset, long Line, string? Error)> Split(Stream stream, string[]? collections = null, int max = JsonRecordSplitter.DefaultMaxRecordBytes)
    {
        using var splitter = new JsonRecordSplitter(stream, collections ?? ["findings", "Findings"], max);
        var records = new List<(string?, long, long, string?)>();
        while (splitter.MoveNext(out var record))
        {
            records.Add((record.Error is null ? Encoding.UTF8.GetString(record.Data.Span) : null, record.Offset, record.Line, record.Error));
        }

        return records;
    }

    private static List<(string? Text, long Offset, long Line, string? Error)> Split(string text, string[]? collections = null, int max = JsonRecordSplitter.DefaultMaxRecordBytes) =>
        Split(new MemoryStream(Encoding.UTF8.GetBytes(text)), collections, max);

    [Fact]
    public void MoveNext_GivenWrapperWithPropertiesAroundTheArray_ReturnsOnlyTheElements()
    {
        const string text = "{\"meta\": {\"findings\": 1, \"x\": [1,2]}, \"Findings\": [ {\"a\": \"]}\"}, {\"b\": [{\"c\": \"\\\"{\"}]} ], \"NextToken\": \"t\", \"findings\": [{\"d\": 4}]}";

        var records = Split(text);

        Assert.Equal(["{\"a\": \"]}\"}", "{\"b\": [{\"c\": \"\\\"{\"}]}", "{\"d\": 4}"], records.Select(r => r.Text));
    }

    [Fact]
    public void MoveNext_GivenTopLevelArrayOverLines_ReturnsElementsWithOffsetAndLine()
    {
        const string text = "[\n  {\"a\": 1},\n  {\"b\": 2}\n]\n";

        var records = Split(text);

        Assert.Equal([("{\"a\": 1}", 4L, 2L, (string?)null), ("{\"b\": 2}", 16L, 3L, null)], records);
    }

    [Fact]
    public void MoveNext_GivenJsonLinesWithABrokenFirstLine_StillReturnsTheNextLines()
    {
        var records = Split("{\"id\": \"a\", \"x\": [1, 2\n{\"id\": \"b\"}\n{\"id\": \"c\"}\n");

        Assert.Equal(["{\"id\": \"a\", \"x\": [1, 2", "{\"id\": \"b\"}", "{\"id\": \"c\"}"], records.Select(r => r.Text));
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Line));
    }

    [Fact]
    public void MoveNext_GivenJsonLinesWhoseFirstTwoLinesAreBroken_StillReturnsEveryLaterLine()
    {
        var records = Split("{\"id\": broken\n{\"id\": \"b\", \"x\": [\n{\"id\": \"c\"}\n{\"id\": \"d\"}\n");

        Assert.Equal(["{\"id\": \"c\"}", "{\"id\": \"d\"}"], records.Skip(2).Select(r => r.Text));
        Assert.Equal([1L, 2L, 3L, 4L], records.Select(r => r.Line));
    }

    [Fact]
    public void MoveNext_GivenPrettyPrintedSingleDocument_ReturnsItWhole()
    {
        const string text = "{\n  \"id\": \"a\",\n  \"nested\": {\"b\": [1, {\"c\": 2}]}\n}\n";

        Assert.Equal([text.TrimEnd('\n')], Split(text).Select(r => r.Text));
    }

    [Fact]
    public void MoveNext_GivenConcatenatedPrettyDocuments_ReturnsEach()
    {
        Assert.Equal(["{\n\"a\": 1\n}", "{\n\"b\": 2\n}"], Split("{\n\"a\": 1\n}\n{\n\"b\": 2\n}\n").Select(r => r.Text));
    }

    [Fact]
    public void MoveNext_GivenGarbageBetweenDocuments_ReportsItAndGoesOn()
    {
        var records = Split("[{\"a\": 1}]\ngarbage here\n{\"b\": 2}");

        Assert.Equal(["{\"a\": 1}", null, "{\"b\": 2}"], records.Select(r => r.Text));
        Assert.Contains("not JSON", records[1].Error, StringComparison.Ordinal);
        Assert.Equal(2, records[1].Line);
    }

    [Fact]
    public void MoveNext_GivenStrayClosersInsideAnArray_ReturnsThemAsRecordsAndMovesOn()
    {
        var records = Split("[{\"a\": 1}, }, :, {\"b\": 2}]");

        Assert.Equal(["{\"a\": 1}", "}", ":", "{\"b\": 2}"], records.Select(r => r.Text));
    }

    [Fact]
    public void MoveNext_GivenRecordOverTheLimit_SkipsItWithAnErrorAndKeepsTheNext()
    {
        var big = "{\"s\": \"" + new string('x', 300_000) + "\"}";

        var records = Split($"[{big}, {{\"ok\": true}}]", max: 100_000);

        Assert.Null(records[0].Text);
        Assert.Contains("larger than", records[0].Error, StringComparison.Ordinal);
        Assert.Equal("{\"ok\": true}", records[1].Text);
    }

    [Fact]
    public void MoveNext_GivenEmptyInput_ReturnsOneEmptyDocumentError()
    {
        var record = Assert.Single(Split("\uFEFF  \n"));

        Assert.Equal("empty document", record.Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void MoveNext_GivenInputArrivingInTinyChunks_CutsTheSameRecords(int chunk)
    {
        var samples = new[]
        {
            "{\"Findings\": [" + string.Join(",", Enumerable.Range(0, 40).Select(i => $"{{\"id\": \"{i}\", \"s\": \"a\\\\\\\"b]}}\"}}")) + "], \"x\": 1}",
            string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{{\"id\": \"{i}\", \"t\": [\"\\\"\"]}}")),
            "[" + string.Join(",\n", Enumerable.Range(0, 40).Select(i => $"{{\"id\": {i}}}")) + "]",
        };

        foreach (var text in samples)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.Equal(Split(new MemoryStream(bytes)), Split(new TrickleStream(bytes, chunk)));
            Assert.Equal(40, Split(new TrickleStream(bytes, chunk)).Count(r => r.Error is null));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void MoveNext_GivenJsonLinesArrivingInTinyChunks_ReturnsEachLineWithItsOffsetAndLineNumber(int chunk)
    {
        // Lines of 12, 13 and 14 bytes with their newlines: offsets 0, 12, 25; the last line has no newline.
        const string text = "{\"id\": \"a\"}\n{\"id\": \"bb\"}\n{\"id\": \"ccc\"}\n{\"id\": [1]}";
        var bytes = Encoding.UTF8.GetBytes(text);

        var records = Split(new TrickleStream(bytes, chunk));

        Assert.Equal(
            [("{\"id\": \"a\"}", 0L, 1L, (string?)null), ("{\"id\": \"bb\"}", 12L, 2L, null), ("{\"id\": \"ccc\"}", 25L, 3L, null), ("{\"id\": [1]}", 39L, 4L, null)],
            records);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void MoveNext_GivenAWrappedArrayArrivingInTinyChunks_ReturnsTheElementsAsWritten(int chunk)
    {
        const string text = "{\"Findings\": [{\"id\": \"x]\"}, {\"id\": \"\\\"{\"}], \"NextToken\": null}";

        var records = Split(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk));

        Assert.Equal(["{\"id\": \"x]\"}", "{\"id\": \"\\\"{\"}"], records.Select(r => r.Text));
        Assert.Equal([14L, 28L], records.Select(r => r.Offset));
    }
}
