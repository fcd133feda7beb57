using CloudSniper.Core.Findings;
using CloudSniper.Core.Parsing;

namespace CloudSniper.Core.Tests.Parsing;

public class InspectorParserTests
{
    private static readonly InspectorParser Parser = new();

    private static string ListFindings => File.ReadAllText(Path.Combine(TestFiles.SamplesDir, "findings", "inspector-listfindings.json"));

    [Fact]
    public void Parse_GivenListFindingsResponse_MapsEachFinding()
    {
        var findings = TestFiles.Parse(Parser, ListFindings).Findings();

        Assert.Equal(2, findings.Count);
        var vulnerability = findings[0];
        Assert.Equal(FindingSource.Inspector, vulnerability.Source);
        Assert.Equal("arn:aws:inspector2:us-east-1:123456789012:finding/7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d", vulnerability.Id);
        Assert.Equal("PACKAGE_VULNERABILITY", vulnerability.Type.Raw);
        Assert.Equal(9.8, vulnerability.Severity);
        Assert.Equal(SeverityBand.Critical, vulnerability.Band);
        Assert.Equal(("123456789012", "us-east-1", "aws"), (vulnerability.AccountId, vulnerability.Region, vulnerability.Partition));
        Assert.Equal("CVE-2024-4577 - php", vulnerability.Title);
        var instance = Assert.Single(vulnerability.Instances);
        Assert.Equal(("i-0f3a9c2e7b1d45a86", "54.210.167.204", "10.20.1.47"), (instance.InstanceId, instance.NetworkInterfaces[0].PublicIp, instance.NetworkInterfaces[0].PrivateIpAddress));
        Assert.Equal(DateTimeOffset.Parse("2024-06-01T04:12:33Z"), vulnerability.FirstSeen);
        Assert.Equal(SeverityBand.Medium, findings[1].Band);
    }

    [Fact]
    public void Parse_GivenEventBridgeInspector2FindingWithUnixDates_ReadsTheDetail()
    {
        var arn = "arn:aws:inspector2:us-west-2:123456789012:finding/aa11";
        var json = """{"version":"0","id":"e1","detail-type":"Inspector2 Finding","source":"aws.inspector2","account":"123456789012","region":"us-west-2","detail":{"findingArn":"ARN","awsAccountId":"123456789012","type":"NETWORK_REACHABILITY","severity":"HIGH","title":"Port 3389 open","firstObservedAt":"Fri Mar 24 16:53:28.421 UTC 2023","updatedAt":"Fri Mar 24 16:53:28.421 UTC 2023","status":"ACTIVE","resources":[{"type":"AWS_LAMBDA_FUNCTION","id":"arn:aws:lambda:us-west-2:123456789012:function:thumbs","details":{"awsLambdaFunction":{"functionName":"thumbs"}}}]}}""".Replace("ARN", arn, StringComparison.Ordinal);

        var f = TestFiles.Parse(Parser, json).Single();

        Assert.Equal(arn, f.Id);
        Assert.Equal(7.0, f.Severity);
        Assert.Equal("us-west-2", f.Region);
        Assert.Equal(new DateTimeOffset(2023, 3, 24, 16, 53, 28, 421, TimeSpan.Zero), f.FirstSeen);
        Assert.Contains(f.Resources, r => r.Kind == "LambdaFunction" && r.Id == "thumbs");
    }

    [Fact]
    public void Parse_GivenFindingWithoutArn_RejectsIt()
    {
        var error = Assert.Single(TestFiles.Parse(Parser, """{"type":"PACKAGE_VULNERABILITY","severity":"LOW"}""").Errors());

        Assert.Contains("findingArn", error.Reason, StringComparison.Ordinal);
    }
}
