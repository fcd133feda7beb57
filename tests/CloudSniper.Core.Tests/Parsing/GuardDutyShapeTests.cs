using System.Text;
using System.Text.Json;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Parsing;

namespace CloudSniper.Core.Tests.Parsing;

public class GuardDutyShapeTests
{
    private static readonly GuardDutyParser Parser = new();

    public static TheoryData<string> Families() => [.. TestFiles.GuardDutyFamilies()];

    /// <summary>Everything but where it came from: two shapes of one finding must agree on this.</summary>
    private static string Essence(Finding f) => JsonSerializer.Serialize(f with { Raw = "", Origin = "" });

    private static string Reference(string family) => Essence(TestFiles.Parse(Parser, TestFiles.GuardDuty(family)).Single());

    [Theory]
    [MemberData(nameof(Families))]
    public void Parse_GivenPascalCaseSdkDump_ReadsTheSameFindingAsCamelCase(string family)
    {
        var pascal = TestFiles.Pascal(TestFiles.GuardDuty(family));

        Assert.Equal(Reference(family), Essence(TestFiles.Parse(Parser, pascal).Single()));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Parse_GivenEventBridgeEnvelope_ReadsTheFindingInDetail(string family)
    {
        var finding = TestFiles.GuardDuty(family);

        var parsed = TestFiles.Parse(Parser, TestFiles.EventBridge(finding)).Single();

        Assert.Equal(Reference(family), Essence(parsed));
        Assert.Equal(TestFiles.Compact(finding), TestFiles.Compact(parsed.Raw));
    }

    [Theory]
    [InlineData("findings")]
    [InlineData("Findings")]
    public void Parse_GivenGetFindingsResponse_ReturnsEveryFindingOfThePage(string key)
    {
        var families = TestFiles.GuardDutyFamilies().ToList();
        var page = "{\"" + key + "\": [" + string.Join(",\n", families.Select(TestFiles.GuardDuty)) + "], \"ResponseMetadata\": {\"HTTPStatusCode\": 200}}";

        var results = TestFiles.Parse(Parser, page);

        Assert.Empty(results.Errors());
        Assert.Equal(families.Select(Reference), results.Findings().Select(Essence));
    }

    [Fact]
    public void Parse_GivenJsonArray_ReturnsEveryElementWithItsLine()
    {
        var families = TestFiles.GuardDutyFamilies().Take(3).ToList();
        var array = "[\n" + string.Join(",\n", families.Select(f => TestFiles.Compact(TestFiles.GuardDuty(f)))) + "\n]";

        var findings = TestFiles.Parse(Parser, array, "findings.json").Findings();

        Assert.Equal(families.Select(Reference), findings.Select(Essence));
        Assert.Equal(["findings.json:2", "findings.json:3", "findings.json:4"], findings.Select(f => f.Origin));
    }

    [Fact]
    public void Parse_GivenJsonLinesOfMixedShapes_ReturnsOneFindingPerLine()
    {
        var lines = new[]
        {
            TestFiles.Compact(TestFiles.GuardDuty("ec2-port-probe")),
            TestFiles.Compact(TestFiles.EventBridge(TestFiles.GuardDuty("ec2-dns-c2"))),
            TestFiles.Pascal(TestFiles.GuardDuty("rds-brute-force")),
        };

        var findings = TestFiles.Parse(Parser, string.Join("\r\n", lines) + "\r\n", "export.jsonl").Findings();

        Assert.Equal(["Recon:EC2/PortProbeUnprotectedPort", "Backdoor:EC2/C&CActivity.B!DNS", "CredentialAccess:RDS/AnomalousBehavior.SuccessfulBruteForce"], findings.Select(f => f.Type.Raw));
        Assert.Equal(["export.jsonl:1", "export.jsonl:2", "export.jsonl:3"], findings.Select(f => f.Origin));
    }

    [Fact]
    public void Read_GivenGzippedJsonLinesS3Export_ReturnsEveryFinding()
    {
        var families = TestFiles.GuardDutyFamilies().ToList();
        var jsonl = string.Join("\n", families.Select(f => TestFiles.Compact(TestFiles.GuardDuty(f)))) + "\n";

        var results = TestFiles.Read(TestFiles.Gzip(Encoding.UTF8.GetBytes(jsonl)), "AWSLogs/123456789012/GuardDuty/us-east-1/2024/06/03/export.jsonl.gz");

        Assert.Empty(results.Errors());
        Assert.Equal(families.Count, results.Findings().Count);
        Assert.All(results.Findings(), f => Assert.Equal(FindingSource.GuardDuty, f.Source));
    }

    [Fact]
    public void Parse_GivenEventBridgeEventOfAnotherKind_ReturnsAnErrorNamingIt()
    {
        var health = TestFiles.EventBridge("""{"resourceType":"EKS","status":"healthy"}""", "GuardDuty Runtime Protection Healthy");

        var error = Assert.Single(TestFiles.Parse(Parser, health).Errors());

        Assert.Contains("GuardDuty Runtime Protection Healthy", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GivenSampleFlagAsPlainObjectOrString_MarksTheFindingAsSample()
    {
        var plain = TestFiles.GuardDuty("ec2-c2-outbound").Replace("\"additionalInfo\": {\n      \"value\": \"{}\",\n      \"type\": \"default\"\n    }", "\"additionalInfo\": {\"sample\": true}", StringComparison.Ordinal);
        var text = plain.Replace("\"sample\": true", "\"sample\": \"true\"", StringComparison.Ordinal);

        Assert.NotEqual(TestFiles.GuardDuty("ec2-c2-outbound"), plain);
        Assert.True(TestFiles.Parse(Parser, plain).Single().IsSample);
        Assert.True(TestFiles.Parse(Parser, text).Single().IsSample);
        Assert.False(TestFiles.Parse(Parser, TestFiles.GuardDuty("ec2-c2-outbound")).Single().IsSample);
    }

    [Fact]
    public void Parse_GivenArchivedFinding_MarksItArchived()
    {
        var archived = TestFiles.GuardDuty("ec2-c2-outbound").Replace("\"archived\": false", "\"archived\": true", StringComparison.Ordinal);

        Assert.True(TestFiles.Parse(Parser, archived).Single().Archived);
    }

    [Fact]
    public void Parse_GivenIpv6RemoteAddress_ReturnsIt()
    {
        var v6 = TestFiles.GuardDuty("ec2-ssh-bruteforce-inbound").Replace("\"ipAddressV4\": \"45.95.147.236\"", "\"ipAddressV6\": \"2a03:b0c0:3:d0::1a3:6001\"", StringComparison.Ordinal);

        var remote = Assert.Single(TestFiles.Parse(Parser, v6).Single().RemoteIps);

        Assert.Equal("2a03:b0c0:3:d0::1a3:6001", remote.Address);
    }
}
