using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class IngestCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-ingest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Finding(string id, string updatedAt, string attacker = "45.33.20.7") => """
        {"schemaVersion":"2.0","accountId":"123456789012","region":"eu-west-1","partition":"aws","id":"@ID@","arn":"arn:aws:guardduty:eu-west-1:123456789012:detector/d1/finding/@ID@","type":"UnauthorizedAccess:EC2/SSHBruteForce",
         "resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-0123456789abcdef0","networkInterfaces":[{"networkInterfaceId":"eni-1","subnetId":"subnet-1","vpcId":"vpc-1","privateIpAddress":"10.0.0.5"}]}},
         "service":{"serviceName":"guardduty","detectorId":"d1","count":3,"eventFirstSeen":"2026-11-20T10:00:00.000Z","eventLastSeen":"@UPDATEDAT@",
           "action":{"actionType":"NETWORK_CONNECTION","networkConnectionAction":{"connectionDirection":"INBOUND","protocol":"TCP","localPortDetails":{"port":22},"remoteIpDetails":{"ipAddressV4":"@ATTACKER@"}}}},
         "severity":5,"createdAt":"2026-11-20T10:00:00.000Z","updatedAt":"@UPDATEDAT@","title":"SSH brute force"}
        """.ReplaceLineEndings("").Replace("@ID@", id, StringComparison.Ordinal).Replace("@UPDATEDAT@", updatedAt, StringComparison.Ordinal).Replace("@ATTACKER@", attacker, StringComparison.Ordinal);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<CliRun> Sniper(params string[] args) => CliRun.Run(_dir, new Dictionary<string, string> { ["SNIPER_STORE"] = "sqlite:kb.db" }, args);

    [Fact]
    public async Task Ingest_GivenGoodAndBadFiles_StoresEveryGoodRecordNamesEveryBadOneAndExitsThree()
    {
        Write("in/good.jsonl", Finding("f-1", "2026-11-21T10:00:00.000Z") + "\n" + "{\"id\": tru\n" + Finding("f-2", "2026-11-21T10:00:00.000Z", "185.220.1.2") + "\n");
        Write("in/empty.json", "");
        Write("in/broken.json.gz", "this is not gzip");
        await File.WriteAllBytesAsync(Path.Combine(_dir, "in", "latin1.json"), Encoding.Latin1.GetBytes("{\"id\":\"caf\u00e9\",\"type\":\"x\"}"), TestContext.Current.CancellationToken);

        var run = await Sniper("ingest", "in", "--format", "json");

        Assert.Equal(3, run.ExitCode);
        using var report = JsonDocument.Parse(run.Out);
        Assert.Equal(2, report.RootElement.GetProperty("inserted").GetInt32());
        Assert.Contains(Path.Combine("in", "good.jsonl") + ":2", run.Error, StringComparison.Ordinal);
        Assert.Contains("broken.json.gz", run.Error, StringComparison.Ordinal);
        Assert.Contains("latin1.json", run.Error, StringComparison.Ordinal);

        var list = await Sniper("ioc", "list", "--format", "json");
        var values = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("value").GetString()).ToList();
        Assert.Equal(["185.220.1.2", "45.33.20.7"], values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Ingest_GivenMaxDecompressedBytesInConfig_RejectsTheGzipPastTheLimitAndKeepsItsEarlierRecords()
    {
        // 200 findings of ~1.3 KB each decompress to ~260 KB; a 128 KiB limit (past the 64 KiB format-detection window)
        // cuts the document about half way.
        var lines = string.Concat(Enumerable.Range(1, 200).Select(i => Finding($"f-{i}", "2026-11-21T10:00:00.000Z", $"45.33.{i / 200}.{i % 200 + 1}") + "\n"));
        await using (var file = File.Create(Path.Combine(_dir, "big.json.gz")))
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(lines), TestContext.Current.CancellationToken);
        }

        Write("small.yaml", "ingest:\n  maxDecompressedBytes: 131072\n");
        var limited = await Sniper("--config", "small.yaml", "ingest", "big.json.gz", "--format", "json");

        Assert.Equal(3, limited.ExitCode);
        Assert.Contains("big.json.gz", limited.Error, StringComparison.Ordinal);
        Assert.Contains("exceeds the limit of 131072 bytes (ingest.maxDecompressedBytes)", limited.Error, StringComparison.Ordinal);
        var inserted = JsonDocument.Parse(limited.Out).RootElement.GetProperty("inserted").GetInt32();
        Assert.InRange(inserted, 50, 150);

        // Without the key the default limit (1 GiB) reads the whole document.
        var whole = await Sniper("ingest", "big.json.gz", "--format", "json");
        Assert.Equal(0, whole.ExitCode);
        Assert.Equal(200 - inserted, JsonDocument.Parse(whole.Out).RootElement.GetProperty("inserted").GetInt32());
    }

    [Fact]
    public async Task Config_GivenATinyMaxDecompressedBytes_IsRejectedWithItsKey()
    {
        Write("tiny.yaml", "ingest:\n  maxDecompressedBytes: 10\n");
        var run = await Sniper("--config", "tiny.yaml", "ingest", "nothing.json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ingest.maxDecompressedBytes", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_GivenTheSameFindingAgain_ChangesNothing_AndANewerOneUpdatesIt()
    {
        Write("a.json", Finding("f-1", "2026-11-21T10:00:00.000Z"));
        Write("b.json", Finding("f-1", "2026-11-22T10:00:00.000Z"));

        var first = await Sniper("ingest", "a.json", "--format", "json");
        var again = await Sniper("ingest", "a.json", "--format", "json");
        var newer = await Sniper("ingest", "b.json", "--format", "json");

        Assert.Equal(1, JsonDocument.Parse(first.Out).RootElement.GetProperty("inserted").GetInt32());
        Assert.Equal(1, JsonDocument.Parse(again.Out).RootElement.GetProperty("unchanged").GetInt32());
        Assert.Equal(1, JsonDocument.Parse(newer.Out).RootElement.GetProperty("updated").GetInt32());
        var show = await Sniper("ioc", "show", "45.33.20.7", "--format", "json");
        var ioc = JsonDocument.Parse(show.Out).RootElement[0].GetProperty("indicator");
        Assert.Equal(1, ioc.GetProperty("sightings").GetInt32());
        Assert.StartsWith("2026-11-22", ioc.GetProperty("lastSeen").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_GivenGzipExportAndGlob_ReadsItWhateverTheName()
    {
        await using (var file = File.Create(Path.Combine(_dir, "export.data")))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(Finding("f-9", "2026-11-21T10:00:00.000Z") + "\n"), TestContext.Current.CancellationToken);
        }

        var run = await Sniper("ingest", "*.data", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1, JsonDocument.Parse(run.Out).RootElement.GetProperty("inserted").GetInt32());
    }

    [Fact]
    public async Task Ingest_GivenMissingFile_ReportsItAndExitsTwo()
    {
        var run = await Sniper("ingest", "nowhere.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nowhere.json", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_GivenUnknownFormat_ExitsTwo()
    {
        var run = await Sniper("ingest", "x.json", "--input-format", "yaml");

        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task Ingest_GivenForcedFormat_ParsesAPlainListAsAFeed()
    {
        Write("list.dat", "# scanners\n45.33.99.1\n10.0.0.1\n");

        var run = await Sniper("ingest", "list.dat", "--input-format", "txt");
        var export = await Sniper("ioc", "export", "--format", "txt");

        Assert.Equal("45.33.99.1", export.Out.Trim());
        Assert.Equal(0, run.ExitCode);
    }
}
