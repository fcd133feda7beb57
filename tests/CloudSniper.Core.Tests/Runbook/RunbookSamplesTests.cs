using System.IO.Compression;
using System.Text.Json;
using CloudSniper.Core.Runbook;
using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Tests.CloudTrail;

namespace CloudSniper.Core.Tests.Runbook;

/// <summary>The bundled demo data in samples/runbook, run the way the demo runs it.</summary>
public sealed class RunbookSamplesTests
{
    private static string Samples => Path.Combine(CorpusPaths.RepoRoot, "samples", "runbook");

    private static Task<RunbookReport> RunAsync() =>
        new RunbookRunner(new FixedTime(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero)))
            .RunAsync(RunbookFolder.Inputs(Samples, Path.Combine(CorpusPaths.RepoRoot, "rules", "cloudtrail")), cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Samples_ReadEveryCloudTrailShapeAndInspectorFinding()
    {
        var dir = Path.Combine(Samples, "cloudtrail");
        using var gz = new GZipStream(File.OpenRead(Directory.GetFiles(dir, "*.json.gz").Single()), CompressionMode.Decompress);
        using var delivery = JsonDocument.Parse(gz);
        using var incident = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "incident.json")));
        var envelopes = File.ReadAllLines(Path.Combine(dir, "eventbridge.jsonl")).Count(l => l.Trim().Length > 0);
        var expected = delivery.RootElement.GetProperty("Records").GetArrayLength() + incident.RootElement.GetArrayLength() + envelopes;
        using var inspector = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Samples, "inspector", "list-findings.json")));

        var report = await RunAsync();
        Assert.Equal(expected, report.CloudTrail.Records);
        Assert.Equal(69, report.CloudTrail.Records);
        Assert.Equal(inspector.RootElement.GetProperty("findings").GetArrayLength(), report.Inspector.Findings);
        Assert.Equal(0, report.Inputs.Single(i => i.Kind == "cloudtrail").Rejected);
    }

    [Fact]
    public async Task Samples_ShowTheIncidentInEveryReviewList()
    {
        var report = await RunAsync();
        var ct = report.CloudTrail;
        Assert.Equal(["AuthorizeSecurityGroupIngress", "DeleteFlowLogs", "CreateAccessKey", "AttachUserPolicy"], ct.ConsoleChanges.Select(c => c.EventName));
        Assert.Equal(3, ct.ConsoleLogins.Count);
        Assert.Equal(1, ct.ConsoleLogins.Count(l => l.Success && !l.MfaUsed));
        Assert.Equal(["ConsoleLogin", "CreateAccessKey", "AttachUserPolicy"], ct.RootActivity.Select(r => r.EventName));
        var burst = Assert.Single(ct.AccessDeniedBursts);
        Assert.Equal(("arn:aws:iam::123456789012:user/bob", 8L), (burst.Principal, burst.Count));
        Assert.Contains(ct.UnusualUserAgents, u => u.Principal == "arn:aws:iam::123456789012:role/deploy" && u.EventName == "DeleteFlowLogs" && u.Family == "browser");
        Assert.Equal(["sdk", "terraform"], ct.PrincipalUserAgents.Single(p => p.Principal.EndsWith("role/deploy", StringComparison.Ordinal)).UsualFamilies.Order(StringComparer.Ordinal));
        var titles = report.Detections.Select(d => d.Title).ToHashSet();
        Assert.Contains("CloudTrail Logging Stopped", titles);
        Assert.Contains("VPC Flow Logs Deleted", titles);
        Assert.Contains("Security Group Opens SSH To The Internet", titles);
        Assert.Contains("EBS Snapshot Shared With Another Account", titles);
        Assert.Contains("Console Login Without MFA", titles);
        Assert.Contains("Administrator Policy Attached To A User", titles);
    }

    [Fact]
    public async Task Samples_PivotGuardDutyOnAmisWithoutPortProbesAndRankTheCorrelatedAmis()
    {
        var lines = File.ReadAllLines(Path.Combine(Samples, "guardduty", "findings.jsonl")).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("detail")).ToList();
        var report = await RunAsync();
        Assert.Equal(lines.Count, report.GuardDuty.Findings);
        Assert.Equal(lines.Count(d => d.GetProperty("type").GetString()!.Contains("PortProbe", StringComparison.Ordinal)), report.GuardDuty.PortProbesDropped);
        var api = Assert.Single(report.GuardDuty.ApiCallFindings);
        Assert.Equal("UnauthorizedAccess:IAMUser/MaliciousIPCaller", api.Type);
        Assert.Equal(["ami-0a1b2c3d4e5f60001", "ami-0b2c3d4e5f6a70002"], report.GuardDuty.ByAmi.Select(a => a.ImageId));
        Assert.Equal(["ami-0a1b2c3d4e5f60001", "ami-0b2c3d4e5f6a70002"], report.Correlation.Select(c => c.ImageId));
        Assert.Equal((4, 2, 1), (report.Correlation[0].InspectorFindings, report.Correlation[0].GuardDutyFindings, report.Correlation[0].CriticalVulnerabilities));
        Assert.DoesNotContain(report.Correlation, c => c.ImageId == "ami-0c3d4e5f6a7b80003");
    }

    [Fact]
    public async Task Samples_RunTheChecksOverTheSnapshotWithMutesAndAccessDenied()
    {
        var report = await RunAsync();
        var byKey = report.Checks.ToDictionary(c => (c.Id, c.Region ?? ""), c => c.Status);
        Assert.Equal(CheckStatus.Fail, byKey[("cloudtrail-multi-region-logging", "")]);
        Assert.Equal(CheckStatus.Error, byKey[("securityhub-enabled", "us-east-1")]);
        Assert.Equal(CheckStatus.Muted, byKey[("config-recording", "us-east-1")]);
        Assert.Equal(CheckStatus.Fail, byKey[("guardduty-enabled", "us-east-1")]);
        Assert.Equal(CheckStatus.Fail, byKey[("inspector-enabled", "eu-west-1")]);
        Assert.Equal(CheckStatus.Fail, byKey[("root-not-used-recently", "")]);
        Assert.Equal(new Dictionary<string, int> { ["PASS"] = 8, ["FAIL"] = 6, ["MUTED"] = 1, ["ERROR"] = 1 }, report.Summary.ChecksByStatus);
    }
}
