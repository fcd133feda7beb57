using CloudSniper.Core.Findings;
using CloudSniper.Core.Parsing;

namespace CloudSniper.Core.Tests.Parsing;

public class CsvFeedParserTests
{
    private static readonly CsvFeedParser Parser = new();

    [Fact]
    public void Parse_GivenHeaderWithIndicatorColumn_ReturnsAFeedFindingPerRow()
    {
        const string csv = """
            indicator,type,description,confidence,first_seen
            141.98.11.23,ipv4,RDP brute force,80,2024-05-28
            "update-checker.ddns-relay.top",domain,"AsyncRAT C2, port 443",0.85,2024-06-01
            """;

        var findings = TestFiles.Parse(Parser, csv, "feeds/partner-blocklist.csv").Findings();

        Assert.Equal(2, findings.Count);
        var first = findings[0];
        Assert.Equal(FindingSource.Feed, first.Source);
        Assert.Equal(["141.98.11.23"], first.Indicators);
        Assert.Equal("RDP brute force", first.Description);
        Assert.Equal(80, first.Confidence);
        Assert.Equal(DateTimeOffset.Parse("2024-05-28T00:00:00Z"), first.FirstSeen);
        Assert.Equal("partner-blocklist", first.Provider);
        Assert.StartsWith("feed:partner-blocklist:", first.Id, StringComparison.Ordinal);
        Assert.Equal("feeds/partner-blocklist.csv:2", first.Origin);
        Assert.Equal("141.98.11.23,ipv4,RDP brute force,80,2024-05-28", first.Raw);
        Assert.Equal("AsyncRAT C2, port 443", findings[1].Description);
        Assert.Equal(85, findings[1].Confidence);
    }

    [Fact]
    public void Parse_GivenSameValueTwice_GivesTheSameStableId()
    {
        var a = TestFiles.Parse(Parser, "ip\n141.98.11.23\n", "x.csv").Single();
        var b = TestFiles.Parse(Parser, "ip\n 141.98.11.23 \n", "x.csv").Single();
        var other = TestFiles.Parse(Parser, "ip\n141.98.11.23\n", "y.csv").Single();

        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.Id, other.Id);
    }

    [Theory]
    [InlineData("domain;first_seen\nx-bad.top;2024-06-01\n", "x-bad.top")]
    [InlineData("url\thost\n\tbad-host.top\n", "bad-host.top")]
    [InlineData("# ip,first_seen,malware\n194.26.29.112,2024-06-01,CobaltStrike\n", "194.26.29.112")]
    [InlineData("IP Address,Country\n185.156.73.54,RU\n", "185.156.73.54")]
    public void Parse_GivenOtherDelimitersAndColumnNames_FindsTheIndicator(string csv, string expected)
    {
        Assert.Equal([expected], TestFiles.Parse(Parser, csv).Single().Indicators);
    }

    [Fact]
    public void Parse_GivenHashRowAndBadValue_SkipsTheHashAndRejectsTheBadValue()
    {
        const string csv = "value,type\nabc123,sha256\nnot a value,ip\n185.156.73.54,ip\n";

        var results = TestFiles.Parse(Parser, csv);

        var error = Assert.Single(results.Errors());
        Assert.Equal(3, error.Line);
        Assert.Contains("not a value", error.Reason, StringComparison.Ordinal);
        Assert.Equal(["185.156.73.54"], Assert.Single(results.Findings()).Indicators);
    }

    [Fact]
    public void Parse_GivenHeaderWithoutIndicatorColumn_ReturnsOneError()
    {
        var error = Assert.Single(TestFiles.Parse(Parser, "name,country\nx,y\n"));

        Assert.Contains("no indicator column", error.Error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GivenConfidenceOfLetters_RejectsTheRow()
    {
        var error = Assert.Single(TestFiles.Parse(Parser, "ip,confidence\n185.156.73.54,high\n").Errors());

        Assert.Contains("confidence", error.Reason, StringComparison.Ordinal);
    }
}
