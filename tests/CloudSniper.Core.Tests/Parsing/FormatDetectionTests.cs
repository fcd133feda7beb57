using System.Text;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Tests.Parsing;

public class FormatDetectionTests
{
    private static string? Detect(string head) => FindingParsers.Detect(Encoding.UTF8.GetBytes(head))?.Key;

    [Fact]
    public void All_GivenTheRegistry_HasEveryFormatOnceWithADescription()
    {
        Assert.Equal(["guardduty", "asff", "inspector", "stix", "csv", "txt"], FindingParsers.All.Select(p => p.Key));
        Assert.All(FindingParsers.All, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
        Assert.All(FindingParsers.All, p => Assert.Same(p, FindingParsers.Find(p.Key.ToUpperInvariant())));
        Assert.Null(FindingParsers.Find("cloudtrail"));
    }

    [Theory]
    [InlineData("findings/guardduty-eventbridge-ssh-bruteforce.json", "guardduty")]
    [InlineData("findings/guardduty-getfindings-sdk.json", "guardduty")]
    [InlineData("findings/securityhub-thirdparty-netwarden.json", "asff")]
    [InlineData("findings/securityhub-eventbridge-guardduty.json", "asff")]
    [InlineData("findings/inspector-listfindings.json", "inspector")]
    [InlineData("feeds/northwind-threat-intel.stix.json", "stix")]
    [InlineData("feeds/partner-blocklist.csv", "csv")]
    [InlineData("feeds/scanners.txt", "txt")]
    public void Detect_GivenSampleFile_PicksItsFormat(string sample, string expected)
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestFiles.SamplesDir, sample));

        Assert.Equal(expected, FindingParsers.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, DocumentReader.DetectionWindow)))?.Key);
    }

    [Theory]
    [InlineData("""{"schemaVersion":"2.0","accountId":"123456789012","id":"a","type":"Recon:EC2/Portscan","resource":{"resourceType":"Instance"},"service":{"detectorId":"d"}}""", "guardduty")]
    [InlineData("""{"SchemaVersion":"2.0","AccountId":"123456789012","Id":"a","Arn":"arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/a","Service":{"DetectorId":"d"}}""", "guardduty")]
    [InlineData("""{"detail-type":"Security Hub Findings - Imported","detail":{"findings":[{"ProductArn":"arn:aws:securityhub:us-east-1::product/aws/guardduty","GeneratorId":"arn:aws:guardduty:x"}]}}""", "asff")]
    [InlineData("""{"Findings":[{"SchemaVersion":"2018-10-08","Id":"x","ProductArn":"arn:aws:securityhub:us-east-1::product/aws/guardduty","AwsAccountId":"123456789012","ProductFields":{"aws/guardduty/service/detectorId":"d"}}]}""", "asff")]
    [InlineData("""{"detail-type":"Inspector2 Finding","detail":{"findingArn":"arn:aws:inspector2:us-east-1:123456789012:finding/x"}}""", "inspector")]
    [InlineData("""{"type":"indicator","spec_version":"2.1","id":"indicator--1","pattern_type":"stix","pattern":"[ipv4-addr:value = '1.2.3.4']"}""", "stix")]
    [InlineData("value,type\n194.26.29.112,ip\n", "csv")]
    [InlineData("# abuse feed\n# ip_address,first_seen,malware\n194.26.29.112,2024-06-01,CobaltStrike\n", "csv")]
    [InlineData("194.26.29.112\nbad-domain.top\n", "txt")]
    public void Detect_GivenTheStartOfADocument_PicksTheMostLikelyFormat(string head, string expected)
    {
        Assert.Equal(expected, Detect(head));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("""{"hello":"world"}""")]
    [InlineData("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\nSed do eiusmod tempor.")]
    public void Detect_GivenNothingRecognisable_ReturnsNull(string head)
    {
        Assert.Null(Detect(head));
    }
}
