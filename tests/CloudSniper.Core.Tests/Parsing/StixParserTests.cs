using CloudSniper.Core.Findings;
using CloudSniper.Core.Parsing;
using CloudSniper.Core.Parsing.Internal;

namespace CloudSniper.Core.Tests.Parsing;

public class StixParserTests
{
    private static readonly StixParser Parser = new();

    private static string Bundle => File.ReadAllText(Path.Combine(TestFiles.SamplesDir, "feeds", "northwind-threat-intel.stix.json"));

    [Fact]
    public void Parse_GivenBundle_ReturnsAFeedFindingPerUsableIndicatorAndObservable()
    {
        var findings = TestFiles.Parse(Parser, Bundle, "feeds/northwind-threat-intel.stix.json").Findings();

        Assert.Equal(
            [["194.26.29.112"], ["80.94.95.115", "185.196.8.123"], ["45.141.84.0/24"], ["login-microsoftonline.support"],
             ["http://103.145.13.90:8080/bins/mozi.m"], ["2a03:b0c0:3:d0::1a3:6001"], ["cdn-sync-update.top"]],
            findings.Select(f => f.Indicators.ToArray()));
        var first = findings[0];
        Assert.Equal(FindingSource.Feed, first.Source);
        Assert.Equal("indicator--0a2c4e6a-8c0e-4a2c-8e6a-0c2e4a6c8e0a", first.Id);
        Assert.Equal("ThreatIntel:Feed/Indicator", first.Type.Raw);
        Assert.Equal("Cobalt Strike team server", first.Title);
        Assert.Equal(85, first.Confidence);
        Assert.Equal("northwind-threat-intel", first.Provider);
        Assert.Equal(DateTimeOffset.Parse("2024-06-02T16:30:00Z"), first.UpdatedAt);
        Assert.Contains("\"pattern\"", first.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GivenObjectsAsJsonLines_ReadsEachObject()
    {
        const string lines = """
            {"type":"indicator","spec_version":"2.1","id":"indicator--1","pattern":"[domain-name:value = 'a-bad-site.top']","pattern_type":"stix","valid_from":"2024-06-01T00:00:00Z"}
            {"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--2","value":"194.26.29.112"}
            """;

        var findings = TestFiles.Parse(Parser, lines).Findings();

        Assert.Equal(["indicator--1", "ipv4-addr--2"], findings.Select(f => f.Id));
    }

    [Fact]
    public void Parse_GivenRevokedOrNonStixPatternIndicator_SkipsItWithoutError()
    {
        const string bundle = """
            {"type":"bundle","id":"bundle--1","objects":[
              {"type":"indicator","id":"indicator--1","pattern":"[ipv4-addr:value = '194.26.29.112']","pattern_type":"stix","revoked":true},
              {"type":"indicator","id":"indicator--2","pattern":"alert tcp any any -> any 80","pattern_type":"snort"}]}
            """;

        Assert.Empty(TestFiles.Parse(Parser, bundle));
    }

    [Fact]
    public void Parse_GivenObjectWithoutType_ReturnsAnErrorAndKeepsTheRest()
    {
        const string bundle = """
            {"type":"bundle","id":"bundle--1","objects":[
              {"id":"indicator--1","pattern":"[ipv4-addr:value = '194.26.29.112']"},
              {"type":"url","id":"url--2","value":"http://103.145.13.90/x"}]}
            """;

        var results = TestFiles.Parse(Parser, bundle);

        Assert.Contains("type", Assert.Single(results.Errors()).Reason, StringComparison.Ordinal);
        Assert.Equal("url--2", Assert.Single(results.Findings()).Id);
    }

    [Theory]
    [InlineData("[ipv4-addr:value = '194.26.29.112']", new[] { "194.26.29.112" })]
    [InlineData("[ipv4-addr:value = '80.94.95.115' OR ipv4-addr:value = '185.196.8.123']", new[] { "80.94.95.115", "185.196.8.123" })]
    [InlineData("[ipv4-addr:value = '80.94.95.115'] OR [domain-name:value = 'x-bad.top']", new[] { "80.94.95.115", "x-bad.top" })]
    [InlineData("([url:value = 'http://a.top/x'] OR [ipv6-addr:value = '2a03:b0c0::1']) WITHIN 600 SECONDS", new[] { "http://a.top/x", "2a03:b0c0::1" })]
    [InlineData("[ipv4-addr:value ISSUBSET '45.141.84.0/24']", new[] { "45.141.84.0/24" })]
    [InlineData("[domain-name:value IN ('a.top', 'b.top')]", new[] { "a.top", "b.top" })]
    [InlineData("[domain-name:value = 'it\\'s.top']", new[] { "it's.top" })]
    [InlineData("[ipv4-addr:value = '1.2.3.4' AND ipv4-addr:value = '5.6.7.8']", new string[0])]
    [InlineData("[file:hashes.'SHA-256' = 'abc']", new string[0])]
    [InlineData("[ipv4-addr:value NOT = '194.26.29.112']", new string[0])]
    public void Values_GivenPattern_ReturnsTheComparedValuesAnIndicatorStandsFor(string pattern, string[] expected)
    {
        Assert.Equal(expected, StixPattern.Values(pattern));
    }
}
