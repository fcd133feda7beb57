using CloudSniper.Core.Findings;
using CloudSniper.Core.Parsing;

namespace CloudSniper.Core.Tests.Parsing;

public class SecurityHubParserTests
{
    private static readonly SecurityHubParser Parser = new();

    private static string Sample(string name) => File.ReadAllText(Path.Combine(TestFiles.SamplesDir, "findings", name));

    private static string Minimal(string id, string extra = "") =>
        $$"""{"SchemaVersion":"2018-10-08","Id":"{{id}}","ProductArn":"arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default","AwsAccountId":"123456789012","Types":["Software and Configuration Checks"],"CreatedAt":"2024-06-03T10:00:00Z","UpdatedAt":"2024-06-03T10:00:00Z","Severity":{"Label":"MEDIUM"},"Title":"t"{{extra}}}""";

    [Fact]
    public void Parse_GivenThirdPartyFindingsPage_MapsSeverityTypesResourcesNetworkAndIndicators()
    {
        var findings = TestFiles.Parse(Parser, Sample("securityhub-thirdparty-netwarden.json")).Findings();

        Assert.Equal(3, findings.Count);
        var exploit = findings[0];
        Assert.Equal(FindingSource.SecurityHub, exploit.Source);
        Assert.Equal("netwarden/use1-a/2024-06-03/000184", exploit.Id);
        Assert.Equal("TTPs/Initial Access/Exploit Public-Facing Application", exploit.Type.Raw);
        Assert.Equal("Initial Access", exploit.MitreTactic);
        Assert.Equal(7.5, exploit.Severity);
        Assert.Equal(SeverityBand.High, exploit.Band);
        Assert.Equal(85, exploit.Confidence);
        Assert.Equal("NetWarden IDS", exploit.Provider);
        Assert.Equal("aws", exploit.Partition);
        var instance = Assert.Single(exploit.Instances);
        Assert.Equal(("i-0f3a9c2e7b1d45a86", "t3.medium", "ami-0c7217cdde317cfec"), (instance.InstanceId, instance.InstanceType, instance.ImageId));
        var nic = Assert.Single(instance.NetworkInterfaces);
        Assert.Equal(("eni-0b5e8d1f2a3c4e5f6", "subnet-0d2c4a6e8f1b3d5a7", "vpc-0a1b2c3d4e5f67890", "10.20.1.47", "54.210.167.204"), (nic.NetworkInterfaceId, nic.SubnetId, nic.VpcId, nic.PrivateIpAddress, nic.PublicIp));
        Assert.Equal("web-01", instance.Tags["Name"]);
        var remote = Assert.Single(exploit.RemoteIps);
        Assert.Equal(("80.94.95.115", NetworkDirection.Inbound, 51812, 443), (remote.Address, remote.Direction, remote.RemotePort, remote.LocalPort));
        Assert.Equal(["80.94.95.115"], exploit.Indicators);

        var beacon = findings[1];
        Assert.Equal(SeverityBand.Critical, beacon.Band);
        Assert.Equal("Command and Control", beacon.MitreTactic);
        Assert.Equal(("185.196.8.123", NetworkDirection.Outbound), (beacon.RemoteIps[0].Address, beacon.RemoteIps[0].Direction));
        Assert.Equal(["img.static-cdn-assets.click"], beacon.Domains);
        Assert.Equal(["img.static-cdn-assets.click"], beacon.Indicators);
    }

    [Fact]
    public void Parse_GivenGuardDutyFindingForwardedThroughEventBridge_KeepsGuardDutyTypeSeverityAndAction()
    {
        var f = TestFiles.Parse(Parser, Sample("securityhub-eventbridge-guardduty.json")).Single();

        Assert.Equal(FindingSource.SecurityHub, f.Source);
        Assert.Equal("UnauthorizedAccess:EC2/SSHBruteForce", f.Type.Raw);
        Assert.Equal("SSHBruteForce", f.Type.ThreatFamily);
        Assert.Equal("Initial Access", f.MitreTactic);
        Assert.Equal(2, f.Severity);
        Assert.Equal(214, f.Count);
        Assert.Equal("GuardDuty", f.Provider);
        Assert.Equal(ActionKind.NetworkConnection, f.Action);
        var remote = Assert.Single(f.RemoteIps);
        Assert.Equal(
            new RemoteIp("45.95.147.236", NetworkDirection.Inbound, ActionKind.NetworkConnection, 43812, 22, "TCP", 49870, "Alsycon B.V.", "Alsycon B.V.", "Alsycon B.V.", "Netherlands", "Amsterdam"),
            remote);
        Assert.Equal("i-0f3a9c2e7b1d45a86", Assert.Single(f.Instances).InstanceId);
    }

    [Fact]
    public void Parse_GivenArrayAndSingleFinding_ReturnsEachFinding()
    {
        Assert.Equal(["a", "b"], TestFiles.Parse(Parser, $"[{Minimal("a")},{Minimal("b")}]").Findings().Select(f => f.Id));
        Assert.Equal("c", TestFiles.Parse(Parser, Minimal("c")).Single().Id);
    }

    [Fact]
    public void Parse_GivenApiCallDnsAndPortProbeActions_ReadsEachAction()
    {
        const string actions = """
            ,"Action":{"ActionType":"PORT_PROBE","PortProbeAction":{"PortProbeDetails":[
              {"LocalPortDetails":{"Port":22},"RemoteIpDetails":{"IpAddressV4":"185.156.73.54"}},
              {"LocalPortDetails":{"Port":80},"RemoteIpDetails":{"IpAddressV4":"91.92.242.18"}}]},
              "AwsApiCallAction":{"Api":"GetObject","ServiceName":"s3.amazonaws.com","CallerType":"Remote IP","RemoteIpDetails":{"IpAddressV4":"5.188.206.14"}},
              "DnsRequestAction":{"Domain":"evil-updates.top","Protocol":"UDP","Blocked":false}}
            """;

        var f = TestFiles.Parse(Parser, Minimal("x", actions)).Single();

        Assert.Equal(ActionKind.PortProbe, f.Action);
        Assert.Equal(["185.156.73.54", "5.188.206.14", "91.92.242.18"], f.RemoteIps.Select(r => r.Address).Order(StringComparer.Ordinal));
        Assert.Equal(ActionKind.AwsApiCall, f.RemoteIps.Single(r => r.Address == "5.188.206.14").Action);
        Assert.Equal("GetObject", Assert.Single(f.ApiCalls).Api);
        Assert.Equal(["evil-updates.top"], f.Domains);
    }

    [Fact]
    public void Parse_GivenIamKeyS3BucketAndOtherResources_ReturnsAResourceForEach()
    {
        const string resources = """
            ,"Resources":[
              {"Type":"AwsIamAccessKey","Id":"AWS::IAM::AccessKey:AKIAIOSFODNN7EXAMPLE","Details":{"AwsIamAccessKey":{"PrincipalId":"AIDACKCEVSQ6C2EXAMPLE","PrincipalName":"ci-deployer","PrincipalType":"IAMUser"}}},
              {"Type":"AwsS3Bucket","Id":"arn:aws:s3:::acme-prod-invoices"},
              {"Type":"Other","Id":"edge-router-7"}]
            """;

        var f = TestFiles.Parse(Parser, Minimal("x", resources)).Single();

        Assert.Equal(new AccessKeyInfo("AKIAIOSFODNN7EXAMPLE", "AIDACKCEVSQ6C2EXAMPLE", "ci-deployer", "IAMUser"), Assert.Single(f.AccessKeys));
        Assert.Contains(f.Resources, r => r.Key == "S3Bucket:acme-prod-invoices" && r.Arn == "arn:aws:s3:::acme-prod-invoices");
        Assert.Contains(f.Resources, r => r.Key == "Other:edge-router-7");
        Assert.Contains(f.Resources, r => r.Key == "AccessKey:AKIAIOSFODNN7EXAMPLE");
    }

    [Theory]
    [InlineData("\"Severity\":{\"Label\":\"CRITICAL\"}", 9.0)]
    [InlineData("\"Severity\":{\"Normalized\":42}", 4.2)]
    [InlineData("\"Severity\":{\"Label\":\"LOW\",\"Normalized\":80}", 1.0)]
    public void Parse_GivenSeverityLabelOrNormalized_MapsOntoTheTenPointScale(string severity, double expected)
    {
        var json = Minimal("x").Replace("\"Severity\":{\"Label\":\"MEDIUM\"}", severity, StringComparison.Ordinal);

        Assert.Equal(expected, TestFiles.Parse(Parser, json).Single().Severity, 3);
    }

    [Fact]
    public void Parse_GivenSampleAndArchivedRecord_MarksThem()
    {
        var f = TestFiles.Parse(Parser, Minimal("x", ",\"Sample\":true,\"RecordState\":\"ARCHIVED\"")).Single();

        Assert.True(f.IsSample);
        Assert.True(f.Archived);
    }

    [Fact]
    public void Parse_GivenSeverityNormalizedOfLetters_RejectsTheRecordAndKeepsTheNext()
    {
        var bad = Minimal("bad").Replace("{\"Label\":\"MEDIUM\"}", "{\"Normalized\":\"high\"}", StringComparison.Ordinal);

        var results = TestFiles.Parse(Parser, bad + "\n" + Minimal("good") + "\n");

        Assert.Contains("Severity.Normalized", Assert.Single(results.Errors()).Reason, StringComparison.Ordinal);
        Assert.Equal("good", Assert.Single(results.Findings()).Id);
    }
}
