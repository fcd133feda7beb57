using System.IO.Compression;
using System.Text.Json;
using CloudSniper.Core.Analytics.Synthetic;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class BeaconsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-beacons-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private SyntheticFlowLogs WriteLogs(string name = "flows.log.gz", int seed = 7)
    {
        var data = new SyntheticFlowLogs(new SyntheticOptions { Seed = seed, Hosts = 12, Destinations = 300, Beacons = 4, MaxJitter = 0.15, MinPeriod = 60, MaxPeriod = 900, PartialShare = 0, SessionsPerHostPerHour = 3 });
        using var gz = new GZipStream(File.Create(Path.Combine(_dir, name)), CompressionLevel.Fastest);
        data.WriteTo(gz);
        return data;
    }

    [Fact]
    public async Task Beacons_GivenAFolderWithOtherFiles_RejectsEachOnceAsNotAFlowLog_AndStillFindsTheBeacons()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "logs"));
        WriteLogs(Path.Combine("logs", "flows.log.gz"));
        File.WriteAllText(Path.Combine(_dir, "logs", "README.md"), "# Flow logs of the prod VPC\n\nExported nightly.\n" + string.Concat(Enumerable.Range(1, 300).Select(i => $"line {i}\n")));
        File.WriteAllText(Path.Combine(_dir, "logs", "finding.json"), "{\"schemaVersion\":\"2.0\",\n\"id\":\"x\"}\n");

        var run = await CliRun.Run(_dir, null, "beacons", "logs", "--format", "json");

        Assert.Equal(3, run.ExitCode);
        Assert.NotEmpty(JsonDocument.Parse(run.Out).RootElement.EnumerateArray());
        var rejects = run.Error.Split('\n').Where(l => l.Contains("not a flow log", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.Equal(2, rejects.Count);
        Assert.Contains(rejects, l => l.StartsWith(Path.Combine("logs", "README.md") + ":1: missing header: not a flow log: the first line is not a header naming the fields: '# Flow logs of the prod VPC'", StringComparison.Ordinal));
        Assert.Contains(rejects, l => l.Contains("finding.json:1:", StringComparison.Ordinal));
        Assert.DoesNotContain("README.md:2", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beacons_GivenLogsWithPlantedBeacons_PrintsThemAsJsonWithEveryField()
    {
        var data = WriteLogs();

        var run = await CliRun.Run(_dir, null, "beacons", "flows.log.gz", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var rows = doc.RootElement.EnumerateArray().ToList();
        foreach (var row in rows)
        {
            foreach (var field in new[] { "src", "dst", "dstPort", "protocol", "score", "timestampScore", "dataSizeScore", "histogramScore", "durationScore", "periodicityScore", "prevalenceScore", "connections", "firstSeen", "lastSeen", "period" })
            {
                Assert.True(row.TryGetProperty(field, out _), $"missing {field}");
            }

            Assert.InRange(row.GetProperty("score").GetDouble(), 0, 1);
        }

        var reported = rows.Select(r => (r.GetProperty("src").GetString(), r.GetProperty("dst").GetString())).ToHashSet();
        Assert.All(data.Beacons, b => Assert.Contains((b.Src.ToString(), b.Dst.ToString()), reported));
        Assert.Equal(data.Beacons.Count, rows.Count);
        Assert.Contains("records", run.Error, StringComparison.Ordinal);
        Assert.Contains("pairs", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beacons_GivenRejectedLines_ReportsThemWithSourceAndLineAndExitsThree()
    {
        WriteLogs();
        await File.WriteAllTextAsync(Path.Combine(_dir, "bad.log"),
            "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" +
            "2 123456789012 eni-1 10.0.0.1 8.8.8.8 50000 53 17 1 70 1714550000 1714550030 ACCEPT OK\n" +
            "2 123456789012 eni-1 10.0.0.1 8.8.8.8\n", TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "beacons", "flows.log.gz", "bad.log", "--format", "csv");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("rejected, short line: 1", run.Error, StringComparison.Ordinal);
        Assert.Contains("bad.log:3", run.Error, StringComparison.Ordinal);
        Assert.StartsWith("score,src,dst,port", run.Out, StringComparison.Ordinal);
        Assert.Equal(5, run.Out.Trim().Split('\n').Length);
    }

    [Fact]
    public async Task Beacons_GivenAnAllowListedDestination_LeavesItOut()
    {
        var data = WriteLogs();
        var allowed = data.Beacons[0].Dst.ToString();

        var run = await CliRun.Run(_dir, null, "beacons", "flows.log.gz", "--allow", allowed + "/32", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(allowed, run.Out, StringComparison.Ordinal);
        Assert.Contains(data.Beacons[1].Dst.ToString(), run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beacons_GivenAnAwsIpRangesFile_LeavesOutItsServiceRangesButNotEc2()
    {
        var data = WriteLogs();
        var s3 = data.Beacons[0].Dst.ToString();
        var ec2 = data.Beacons[1].Dst.ToString();
        await File.WriteAllTextAsync(Path.Combine(_dir, "ip-ranges.json"), $$"""
            {"syncToken":"1","createDate":"2024-05-01-00-00-00","prefixes":[
              {"ip_prefix":"{{s3}}/32","region":"us-east-1","service":"S3","network_border_group":"us-east-1"},
              {"ip_prefix":"{{ec2}}/32","region":"us-east-1","service":"EC2","network_border_group":"us-east-1"}],
             "ipv6_prefixes":[]}
            """, TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "beacons", "flows.log.gz", "--allow", "ip-ranges.json", "--format", "json");
        var bundled = await CliRun.Run(_dir, null, "beacons", "flows.log.gz", "--allow-aws", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(s3, run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(ec2, run.Out, StringComparison.Ordinal);
        Assert.Equal(0, bundled.ExitCode);
        Assert.Contains(s3, bundled.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beacons_GivenHtmlAndOut_WritesASelfContainedReportWithCharts()
    {
        WriteLogs();

        var run = await CliRun.Run(_dir, null, "beacons", "flows.log.gz", "--format", "html", "--out", "report.html");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Out);
        var html = await File.ReadAllTextAsync(Path.Combine(_dir, "report.html"), TestContext.Current.CancellationToken);
        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"gap histogram\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"connections over time\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beacons_GivenAWindowOfMoreThanSevenDays_ExitsTwo()
    {
        WriteLogs();

        var run = await CliRun.Run(_dir, null, "beacons", "flows.log.gz", "--since", "2024-05-01T00:00:00Z", "--until", "2024-05-09T00:00:00Z");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("at most 7", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beacons_GivenAWindowBeforeTheData_FindsNothing()
    {
        WriteLogs();

        var run = await CliRun.Run(_dir, null, "beacons", "flows.log.gz", "--since", "2024-04-01T00:00:00Z", "--until", "2024-04-02T00:00:00Z", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("[]", run.Out.Trim());
        Assert.Contains("outside the window", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beacons_GivenAllAndAHighMinScore_ListsScoredPairsButNoBeacons()
    {
        WriteLogs();

        var run = await CliRun.Run(_dir, null, "beacons", "flows.log.gz", "--all", "--min-score", "0.999", "--format", "json");

        using var doc = JsonDocument.Parse(run.Out);
        Assert.True(doc.RootElement.GetArrayLength() > 10);
        Assert.All(doc.RootElement.EnumerateArray(), r => Assert.False(r.GetProperty("isBeacon").GetBoolean()));
    }

    [Fact]
    public async Task Beacons_GivenRecord_StoresEachBeaconAsAnAnalyticsFindingOnce()
    {
        var data = WriteLogs();

        var first = await CliRun.Run(_dir, null, "beacons", "flows.log.gz", "--store", "sqlite:kb.db", "--format", "json");
        var again = await CliRun.Run(_dir, null, "beacons", "flows.log.gz", "--store", "sqlite:kb.db", "--format", "json");
        var findings = await CliRun.Run(_dir, null, "findings", "list", "--store", "sqlite:kb.db", "--format", "json");
        var ioc = await CliRun.Run(_dir, null, "ioc", "show", data.Beacons[0].Dst.ToString(), "--store", "sqlite:kb.db", "--format", "json");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains($"recorded {data.Beacons.Count} beacon finding(s): {data.Beacons.Count} new", first.Error, StringComparison.Ordinal);
        Assert.Contains($"0 new, {data.Beacons.Count} updated", again.Error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(findings.Out);
        Assert.Equal(data.Beacons.Count, doc.RootElement.GetArrayLength());
        Assert.Contains("Backdoor:Network/Beaconing", findings.Out, StringComparison.Ordinal);
        Assert.Equal(0, ioc.ExitCode);
        Assert.Contains("analytics", ioc.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beacons_GivenAMissingFile_ExitsTwoBeforeReadingAnything()
    {
        WriteLogs();

        var run = await CliRun.Run(_dir, null, "beacons", "flows.log.gz", "nowhere.log", "--format", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'nowhere.log': no such file or directory (nothing was read)", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Beacons_GivenAFlowLogWithOnlyItsHeader_SaysNoRecordsWereReadInsteadOfAWindow()
    {
        // The default (version 2) header of the VPC Flow Logs documentation, and no record under it.
        await File.WriteAllTextAsync(Path.Combine(_dir, "header-only.log"), "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n", TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "beacons", "header-only.log");

        Assert.Contains("no flow records read from header-only.log", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("1970", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("1970", run.Out, StringComparison.Ordinal);
    }
}
