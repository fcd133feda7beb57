using System.IO.Compression;
using System.Text.Json;
using CloudSniper.Core.Analytics.Synthetic;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class HuntCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-hunt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private SyntheticFlowLogs WriteLogs()
    {
        var data = new SyntheticFlowLogs(new SyntheticOptions { Seed = 9, Hosts = 8, Destinations = 200, Beacons = 3, MinPeriod = 120, MaxPeriod = 600, PartialShare = 0, SessionsPerHostPerHour = 2 });
        using var gz = new GZipStream(File.Create(Path.Combine(_dir, "flows.log.gz")), CompressionLevel.Fastest);
        data.WriteTo(gz);
        return data;
    }

    [Fact]
    public async Task Hunt_GivenIocs_ReportsEveryHostThatTalkedToThem()
    {
        var data = WriteLogs();
        var ip = data.Beacons[0];
        var net = data.Beacons[1].Dst.V4;
        var cidr = $"{net >> 24}.{(net >> 16) & 255}.{(net >> 8) & 255}.0/24";
        await File.WriteAllTextAsync(Path.Combine(_dir, "iocs.txt"), $"{ip.Dst}\n{cidr}\nevil.example.com\n", TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "hunt", "--iocs", "iocs.txt", "flows.log.gz", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var rows = doc.RootElement.EnumerateArray().ToList();
        var first = Assert.Single(rows, r => r.GetProperty("dst").GetString() == ip.Dst.ToString());
        Assert.Equal(ip.Src.ToString(), first.GetProperty("src").GetString());
        Assert.Equal(ip.DstPort, first.GetProperty("dstPort").GetInt32());
        Assert.Equal(ip.Protocol, first.GetProperty("protocol").GetInt32());
        Assert.Equal(ip.Beats, first.GetProperty("connections").GetInt64());
        Assert.True(first.GetProperty("bytes").GetInt64() > 0);
        Assert.True(first.GetProperty("firstSeen").GetDateTimeOffset() <= first.GetProperty("lastSeen").GetDateTimeOffset());
        var second = Assert.Single(rows, r => r.GetProperty("dst").GetString() == cidr);
        Assert.Equal(data.Beacons[1].Src.ToString(), second.GetProperty("src").GetString());
        Assert.Contains("unmatchable domains or URLs 1", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hunt_GivenAStixBundle_ReadsItsIpIndicators()
    {
        var data = WriteLogs();
        var ip = data.Beacons[2].Dst.ToString();
        var bundle = $$"""
            {"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
              {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2024-05-01T00:00:00.000Z","modified":"2024-05-01T00:00:00.000Z",
               "name":"C2","pattern":"[ipv4-addr:value = '{{ip}}']","pattern_type":"stix","valid_from":"2024-05-01T00:00:00Z"}]}
            """;
        await File.WriteAllTextAsync(Path.Combine(_dir, "feed.json"), bundle, TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "hunt", "--iocs", "feed.json", "flows.log.gz", "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("," + ip + ",", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hunt_WithoutIocsAndAnEmptyKnowledgeBase_ExitsTwo()
    {
        WriteLogs();

        var run = await CliRun.Run(_dir, null, "hunt", "flows.log.gz", "--store", "sqlite:kb.db");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--iocs", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hunt_WithoutIocs_HuntsTheKnowledgeBaseAndRecordsSightings()
    {
        var data = WriteLogs();
        var target = data.Beacons[0];
        var add = await CliRun.Run(_dir, null, "ioc", "add", target.Dst.ToString(), "--store", "sqlite:kb.db");
        Assert.Equal(0, add.ExitCode);

        var run = await CliRun.Run(_dir, null, "hunt", "flows.log.gz", "--store", "sqlite:kb.db", "--format", "json");
        var show = await CliRun.Run(_dir, null, "ioc", "show", target.Dst.ToString(), "--store", "sqlite:kb.db", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(target.Src.ToString(), run.Out, StringComparison.Ordinal);
        Assert.Contains("recorded 1 sighting", run.Error, StringComparison.Ordinal);
        Assert.Contains("analytics", show.Out, StringComparison.Ordinal);
    }
}
