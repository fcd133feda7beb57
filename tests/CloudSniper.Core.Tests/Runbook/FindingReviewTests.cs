using System.Collections.Immutable;
using System.Text;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Runbook;

namespace CloudSniper.Core.Tests.Runbook;

public sealed class FindingReviewTests
{
    private static Finding GuardDuty(string id, string type, double severity, ActionKind action, string? ami = null, string instance = "i-1") => new()
    {
        Id = id,
        Source = FindingSource.GuardDuty,
        Type = FindingType.Parse(type),
        Severity = severity,
        Region = "eu-west-1",
        Title = type + " title",
        Action = action,
        Instances = ami is null ? [] : [new InstanceInfo(instance, ami, "t3.micro", null, "running", [], ImmutableDictionary<string, string>.Empty)],
    };

    [Fact]
    public void GuardDuty_GivenApiAndNetworkFindings_ListsApiCallsBySeverityAndPivotsNetworkOnAmiWithoutPortProbes()
    {
        var section = GuardDutyReview.Build(
        [
            GuardDuty("a1", "Recon:IAMUser/MaliciousIPCaller", 5, ActionKind.AwsApiCall),
            GuardDuty("a2", "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", 8, ActionKind.AwsApiCall),
            GuardDuty("n1", "Backdoor:EC2/C&CActivity.B!DNS", 8, ActionKind.DnsRequest, "ami-1", "i-1"),
            GuardDuty("n2", "UnauthorizedAccess:EC2/MaliciousIPCaller.Custom", 5, ActionKind.NetworkConnection, "ami-1", "i-2"),
            GuardDuty("n3", "Recon:EC2/PortProbeUnprotectedPort", 2, ActionKind.PortProbe, "ami-1", "i-1"),
            GuardDuty("n4", "CryptoCurrency:EC2/BitcoinTool.B", 8, ActionKind.NetworkConnection, "ami-2", "i-3"),
            GuardDuty("n5", "Trojan:EC2/DNSDataExfiltration", 8, ActionKind.DnsRequest),
            GuardDuty("x", "Recon:IAMUser/MaliciousIPCaller", 5, ActionKind.AwsApiCall) with { Archived = true },
        ]);
        Assert.Equal(["a2", "a1"], section.ApiCallFindings.Select(f => f.Id));
        Assert.Equal(1, section.PortProbesDropped);
        Assert.Equal(["ami-1", "ami-2"], section.ByAmi.Select(a => a.ImageId));
        Assert.Equal(2, section.ByAmi[0].Findings);
        Assert.Equal(["i-1", "i-2"], section.ByAmi[0].Instances);
        Assert.DoesNotContain("Recon:EC2/PortProbeUnprotectedPort", section.ByAmi[0].Types.Keys);
        Assert.Equal(1, section.WithoutAmi);
        Assert.Equal(7, section.Findings);
    }

    private const string InspectorFinding = """
        {"findingArn":"arn:aws:inspector2:eu-west-1:123456789012:finding/F1","awsAccountId":"123456789012","type":"PACKAGE_VULNERABILITY","severity":"CRITICAL","status":"ACTIVE","title":"CVE-2024-1 - openssl",
         "resources":[{"type":"AWS_EC2_INSTANCE","id":"i-1","region":"eu-west-1","details":{"awsEc2Instance":{"imageId":"ami-1","type":"t3.micro"}}}],
         "packageVulnerabilityDetails":{"vulnerabilityId":"CVE-2024-1","source":"NVD"}}
        """;

    [Fact]
    public void InspectorReader_ReadsListFindingsEventBridgeAndJsonLines()
    {
        var list = "{\"findings\":[" + InspectorFinding + "," + InspectorFinding.Replace("F1", "F2", StringComparison.Ordinal).Replace("CRITICAL", "HIGH", StringComparison.Ordinal) + "],\"nextToken\":null}";
        var (listed, e1) = InspectorFindingReader.Read(Encoding.UTF8.GetBytes(list), "list.json");
        Assert.Empty(e1);
        Assert.Equal(["CRITICAL", "HIGH"], listed.Select(f => f.Severity));
        Assert.Equal("ami-1", listed[0].ImageId);
        Assert.Equal("i-1", listed[0].InstanceId);
        Assert.Equal("CVE-2024-1", listed[0].VulnerabilityId);

        var envelope = "{\"version\":\"0\",\"detail-type\":\"Inspector2 Finding\",\"source\":\"aws.inspector2\",\"detail\":" + InspectorFinding.ReplaceLineEndings(" ") + "}";
        var lines = envelope + "\n{\"detail-type\":\"GuardDuty Finding\",\"detail\":{}}\n{broken\n" + InspectorFinding.ReplaceLineEndings(" ") + "\n";
        var (read, errors) = InspectorFindingReader.Read(Encoding.UTF8.GetBytes(lines), "events.jsonl");
        Assert.Equal(2, read.Count);
        Assert.Equal([2L, 3L], errors.Select(e => e.Line!.Value));
        Assert.Contains("GuardDuty Finding", errors[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspector_GivenFindings_PivotsOnAmiWithSeverityCountsAndTopCves()
    {
        InspectorFinding F(string id, string sev, string? ami, string? cve, string status = "ACTIVE") => new(id, null, sev, "PACKAGE_VULNERABILITY", ami, ami is null ? null : "i-" + id, "AWS_EC2_INSTANCE", cve, "eu-west-1", "123456789012", status);
        var section = InspectorReview.Build(
        [
            F("1", "CRITICAL", "ami-1", "CVE-1"), F("2", "HIGH", "ami-1", "CVE-2"), F("3", "HIGH", "ami-1", "CVE-2"),
            F("4", "LOW", "ami-2", "CVE-3"), F("5", "MEDIUM", null, "CVE-4"), F("6", "CRITICAL", "ami-2", "CVE-1", "CLOSED"),
        ]);
        Assert.Equal(5, section.Findings);
        Assert.Equal(1, section.WithoutAmi);
        var ami1 = section.ByAmi[0];
        Assert.Equal(("ami-1", 3), (ami1.ImageId, ami1.Findings));
        Assert.Equal(new Dictionary<string, int> { ["CRITICAL"] = 1, ["HIGH"] = 2 }, ami1.BySeverity);
        Assert.Equal(["CVE-2", "CVE-1"], ami1.TopCves.Select(c => c.Cve));
    }

    [Fact]
    public void Correlation_RanksAmisWithBothVulnerabilitiesAndNetworkFindings()
    {
        InspectorFinding F(string id, string sev, string ami) => new(id, null, sev, null, ami, "i-" + id, null, "CVE-" + id, null, null, null);
        var inspector = InspectorReview.Build([F("1", "CRITICAL", "ami-1"), F("2", "LOW", "ami-2"), F("3", "LOW", "ami-2"), F("4", "HIGH", "ami-3")]);
        var guardDuty = GuardDutyReview.Build(
        [
            GuardDuty("n1", "Backdoor:EC2/C&CActivity.B", 8, ActionKind.NetworkConnection, "ami-1"),
            GuardDuty("n2", "Backdoor:EC2/C&CActivity.B", 5, ActionKind.NetworkConnection, "ami-2"),
            GuardDuty("n3", "Recon:EC2/PortProbeUnprotectedPort", 2, ActionKind.PortProbe, "ami-3"),
        ]);
        var ranked = AmiCorrelation.Build(inspector, guardDuty);
        Assert.Equal(["ami-1", "ami-2"], ranked.Select(c => c.ImageId));
        Assert.Equal(32, ranked[0].Score);
        Assert.Equal(10, ranked[1].Score);
    }
}
