using CloudSniper.Core.Findings;
using CloudSniper.Core.Parsing;

namespace CloudSniper.Core.Tests.Parsing;

public class TextFeedParserTests
{
    private static readonly TextFeedParser Parser = new();

    [Fact]
    public void Parse_GivenListWithCommentsAndBlankLines_ReturnsOneFindingPerIndicator()
    {
        const string list = "# scanners\n\n185.156.73.54    # SSH\n80.94.95.0/24\r\nscan-c2.botnet-relay.top\nhttp://103.145.13.90/x.sh\n2a03:b0c0:3:d0::1a3:6001\n";

        var findings = TestFiles.Parse(Parser, list, "scanners.txt").Findings();

        Assert.Equal(["185.156.73.54", "80.94.95.0/24", "scan-c2.botnet-relay.top", "http://103.145.13.90/x.sh", "2a03:b0c0:3:d0::1a3:6001"], findings.Select(f => f.Indicators.Single()));
        Assert.Equal("SSH", findings[0].Description);
        Assert.Equal("scanners.txt:3", findings[0].Origin);
        Assert.All(findings, f => Assert.Equal(FindingSource.Feed, f.Source));
        Assert.All(findings, f => Assert.Equal("scanners", f.Provider));
    }

    [Fact]
    public void Parse_GivenHostsFileLine_TakesTheName()
    {
        Assert.Equal(["ads.tracker-cdn.top"], TestFiles.Parse(Parser, "0.0.0.0 ads.tracker-cdn.top\n").Single().Indicators);
    }

    [Fact]
    public void Parse_GivenLineThatIsNoIndicator_RejectsOnlyThatLine()
    {
        var results = TestFiles.Parse(Parser, "185.156.73.54\nhello world!\n91.92.242.18\n");

        var error = Assert.Single(results.Errors());
        Assert.Equal((2L, 14L), (error.Line, error.Offset));
        Assert.Equal(2, results.Findings().Count);
    }
}
