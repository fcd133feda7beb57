using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Cli.Tests.Commands;

public sealed class DnsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-dns-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string SampleLogs => Path.Combine(Samples.Directory(), "dnslogs");

    private static string Line(string name, string src, string time, string type = "A", string rcode = "NOERROR") =>
        $$$"""{"version":"1.100000","account_id":"111122223333","region":"eu-west-1","vpc_id":"vpc-0example","query_timestamp":"{{{time}}}","query_name":"{{{name}}}.","query_type":"{{{type}}}","query_class":"IN","rcode":"{{{rcode}}}","answers":[{"Rdata":"198.51.100.9","Type":"A","Class":"IN"}],"srcaddr":"{{{src}}}","srcport":"40000","transport":"UDP","srcids":{"instance":"i-0example{{{src.Replace(".", "", StringComparison.Ordinal)}}}"}}""";

    [Fact]
    public async Task The_bundled_sample_shows_its_one_tunnel_as_json_and_nothing_else()
    {
        var run = await CliRun.Run(_dir, null, "dns", SampleLogs, "--format", "json", "--store", "sqlite:kb.db", "--no-record");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var detection = Assert.Single(doc.RootElement.GetProperty("detections").EnumerateArray());
        Assert.Equal("tunnel", detection.GetProperty("kind").GetString());
        Assert.Equal("data-sync.example", detection.GetProperty("domain").GetString());
        Assert.Equal(["10.0.1.17"], detection.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["i-05a1e07000000000"], detection.GetProperty("instances").EnumerateArray().Select(s => s.GetString()));
        Assert.InRange(detection.GetProperty("score").GetDouble(), 0.5, 1);

        // The sample's tunnel host sends 200 TXT queries, each with its own 40-character label (samples/README.md).
        var evidence = detection.GetProperty("evidence");
        Assert.Equal(200, evidence.GetProperty("uniqueSubdomains").GetInt64());
        Assert.True(evidence.GetProperty("uniqueSubdomainsExact").GetBoolean());
        Assert.Equal(1.0, evidence.GetProperty("txtNullCnameShare").GetDouble());
        Assert.Equal(12, evidence.GetProperty("fleetSources").GetInt32());
        Assert.Contains("queries 404", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_lines_are_named_with_their_file_and_line_and_exit_three()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "q.log"),
            Line("a.example.com", "10.0.0.1", "2026-11-20T00:00:00Z") + "\n{oops\n" + Line("b.example.com", "10.0.0.1", "2026-11-20T00:01:00Z") + "\n", TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "dns", "q.log", "--format", "json", "--store", "sqlite:kb.db");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("q.log:2 (byte ", run.Error, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", run.Error, StringComparison.Ordinal);
        Assert.Contains("queries 2", run.Error, StringComparison.Ordinal);
        Assert.Contains("rejected 1", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Known_bad_domains_from_a_feed_are_reported_and_recorded_with_their_indicator()
    {
        var lines = new StringBuilder();
        lines.Append(Line("beacon.bad-example.org", "10.0.0.8", "2026-11-20T00:00:00Z")).Append('\n');
        lines.Append(Line("www.example.com", "10.0.0.9", "2026-11-20T00:00:05Z")).Append('\n');
        await WriteGzip("AWSLogs/111122223333/vpcdnsquerylogs/vpc-0example/2026/11/20/q.log.gz", lines.ToString());
        await File.WriteAllTextAsync(Path.Combine(_dir, "iocs.txt"), "bad-example.org\n203.0.113.5\n", TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "dns", "AWSLogs", "--iocs", "iocs.txt", "--format", "json", "--store", "sqlite:kb.db");
        var ioc = await CliRun.Run(_dir, null, "ioc", "show", "bad-example.org", "--store", "sqlite:kb.db", "--format", "json");
        var related = await CliRun.Run(_dir, null, "ioc", "show", "198.51.100.9", "--store", "sqlite:kb.db", "--format", "json");
        var findings = await CliRun.Run(_dir, null, "findings", "list", "--store", "sqlite:kb.db", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var detection = Assert.Single(doc.RootElement.GetProperty("detections").EnumerateArray());
        Assert.Equal("ioc", detection.GetProperty("kind").GetString());
        Assert.Equal("bad-example.org", detection.GetProperty("domain").GetString());
        Assert.Equal(["10.0.0.8"], detection.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("recorded 1 DNS finding(s): 1 new", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, ioc.ExitCode);
        Assert.Contains("analytics", ioc.Out, StringComparison.Ordinal);
        Assert.Equal(0, related.ExitCode);
        Assert.Contains("Trojan:Network/MaliciousDomainRequest", findings.Out, StringComparison.Ordinal);
        Assert.Contains("i-0example10008", findings.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_knowledge_base_domain_indicators_are_matched_without_a_feed()
    {
        var add = await CliRun.Run(_dir, null, "ioc", "add", "kb-bad-example.net", "--store", "sqlite:kb.db");
        Assert.Equal(0, add.ExitCode);
        await File.WriteAllTextAsync(Path.Combine(_dir, "q.log"), Line("x.y.kb-bad-example.net", "10.0.0.3", "2026-11-20T00:00:00Z") + "\n", TestContext.Current.CancellationToken);

        var run = await CliRun.Run(_dir, null, "dns", "q.log", "--format", "json", "--store", "sqlite:kb.db", "--no-record");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"kb-bad-example.net\"", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("recorded", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_threshold_from_the_configuration_applies()
    {
        var run = await CliRun.Run(_dir, new Dictionary<string, string> { ["SNIPER_DNS__TUNNELTHRESHOLD"] = "0.99" }, "dns", SampleLogs, "--format", "json", "--store", "sqlite:kb.db", "--no-record");

        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(0, doc.RootElement.GetProperty("detections").GetArrayLength());
    }

    [Fact]
    public async Task A_threshold_out_of_range_is_a_configuration_error()
    {
        var run = await CliRun.Run(_dir, new Dictionary<string, string> { ["SNIPER_DNS__DGATHRESHOLD"] = "3" }, "dns", SampleLogs, "--store", "sqlite:kb.db");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("dgaThreshold", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task The_table_explains_each_detection()
    {
        var run = await CliRun.Run(_dir, null, "dns", SampleLogs, "--store", "sqlite:kb.db", "--no-record");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("data-sync.example", run.Out, StringComparison.Ordinal);
        Assert.Contains("tunnel", run.Out, StringComparison.Ordinal);
    }

    private async Task WriteGzip(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        await gz.WriteAsync(Encoding.UTF8.GetBytes(text), TestContext.Current.CancellationToken);
    }
}
