using CloudSniper.Core.Findings;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.Tests.Parsing;

public class SampleFilesTests
{
    public static TheoryData<string> SampleFiles() => [.. SamplePaths()];

    private static IEnumerable<string> SamplePaths() =>
        Directory.EnumerateFiles(TestFiles.SamplesDir, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(TestFiles.SamplesDir, p).Replace('\\', '/'))
            .Where(p => p.StartsWith("findings/", StringComparison.Ordinal) || p.StartsWith("feeds/", StringComparison.Ordinal))
            .Where(p => !p.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    private static List<ParseResult> ReadSample(string relative)
    {
        using var stream = File.OpenRead(Path.Combine(TestFiles.SamplesDir, relative));
        return [.. DocumentReader.Read(stream, relative, null, TestContext.Current.CancellationToken)];
    }

    private static List<Finding> AllSampleFindings() => [.. SamplePaths().SelectMany(s => ReadSample(s).Findings())];

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Read_GivenEverySampleFile_ParsesWithZeroErrors(string relative)
    {
        var results = ReadSample(relative);

        Assert.Empty(results.Errors().Select(e => e.ToString()));
        Assert.NotEmpty(results.Findings());
    }

    [Fact]
    public void Samples_GivenTheFindingAndFeedFolders_StayUnder300KilobytesAndCoverTheMainFamilies()
    {
        var size = SamplePaths().Sum(f => new FileInfo(Path.Combine(TestFiles.SamplesDir, f)).Length);
        var types = AllSampleFindings().Select(f => f.Type.Raw).ToHashSet();

        Assert.InRange(size, 1, 300 * 1024);
        string[] expected =
        [
            "UnauthorizedAccess:EC2/SSHBruteForce", "Recon:EC2/PortProbeUnprotectedPort", "Backdoor:EC2/C&CActivity.B", "Backdoor:EC2/C&CActivity.B!DNS",
            "UnauthorizedAccess:IAMUser/MaliciousIPCaller", "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
            "CryptoCurrency:EC2/BitcoinTool.B", "Discovery:Kubernetes/MaliciousIPCaller", "Backdoor:Runtime/C&CActivity.B",
            "Discovery:S3/MaliciousIPCaller", "CredentialAccess:RDS/AnomalousBehavior.SuccessfulBruteForce", "Execution:EC2/MaliciousFile",
            "AttackSequence:IAM/CompromisedCredentials", "Trojan:EC2/DropPoint", "ThreatIntel:Feed/Indicator",
        ];
        Assert.All(expected, t => Assert.Contains(t, types));
    }

    [Fact]
    public void Samples_GivenEveryFinding_GiveIocsOnlyWhereTheRulesSaySo()
    {
        var findings = AllSampleFindings();
        var sample = Assert.Single(findings, f => f.IsSample);
        var outboundBruteForce = Assert.Single(findings, f => f.Source == FindingSource.GuardDuty && f.Type.Raw == "UnauthorizedAccess:EC2/SSHBruteForce" && f.RemoteIps[0].Direction == NetworkDirection.Outbound);
        var iocs = findings.SelectMany(IocExtractor.Extract).Select(o => o.Value).ToHashSet();

        Assert.Empty(IocExtractor.Extract(sample));
        Assert.Empty(IocExtractor.Extract(outboundBruteForce));
        Assert.Empty(IocExtractor.Extract(Assert.Single(findings, f => f.Type.Raw == "Execution:EC2/MaliciousFile")));
        Assert.DoesNotContain("45.9.20.101", iocs);
        Assert.DoesNotContain("138.68.4.77", iocs);
        Assert.Superset(new HashSet<string> { "45.95.147.236", "185.156.73.54", "91.92.242.18", "193.35.18.77", "91.215.85.142", "telemetry.cdn-sync-update.top", "193.142.146.35", "45.141.84.0/24" }, iocs);
        Assert.DoesNotContain(iocs, v => v.StartsWith("10.", StringComparison.Ordinal));
    }
}
