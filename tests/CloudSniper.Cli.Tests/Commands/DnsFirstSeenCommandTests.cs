using System.Text.Json;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Cli.Tests.Commands;

/// <summary><c>sniper dns</c> with the knowledge base's domain history: first-seen leads hidden by default, shown with --kinds.</summary>
public sealed class DnsFirstSeenCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sniper-dns-rare-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Line(string name, string src, string time) =>
        $$$"""{"version":"1.100000","account_id":"111122223333","region":"eu-west-1","vpc_id":"vpc-0example","query_timestamp":"{{{time}}}","query_name":"{{{name}}}.","query_type":"A","query_class":"IN","rcode":"NOERROR","answers":[],"srcaddr":"{{{src}}}","srcport":"40000","transport":"UDP","srcids":{"instance":"i-0example"}}""";

    [Fact]
    public async Task A_domain_new_to_the_knowledge_base_is_a_lead_only_when_asked_for()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "day1.log"), Line("www.example.com", "10.0.0.1", "2026-11-20T00:00:00Z") + "\n" + Line("www.example.com", "10.0.0.2", "2026-11-20T00:01:00Z") + "\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_dir, "day2.log"), Line("www.example.com", "10.0.0.1", "2026-11-21T00:00:00Z") + "\n" + Line("cdn.lonely-domain.net", "10.0.0.2", "2026-11-21T00:05:00Z") + "\n", TestContext.Current.CancellationToken);

        // The first run only learns the baseline.
        var first = await CliRun.Run(_dir, null, "dns", "day1.log", "--format", "json", "--store", "sqlite:kb.db");
        Assert.Equal(0, first.ExitCode);

        await File.WriteAllTextAsync(Path.Combine(_dir, "day3.log"), Line("www.example.com", "10.0.0.2", "2026-11-22T00:00:00Z") + "\n" + Line("api.third-party.org", "10.0.0.2", "2026-11-22T00:05:00Z") + "\n", TestContext.Current.CancellationToken);

        // Off by default: counted in the summary, not shown, and the domain learnt all the same.
        var hidden = await CliRun.Run(_dir, null, "dns", "day2.log", "--format", "json", "--store", "sqlite:kb.db");
        Assert.Equal(0, hidden.ExitCode);
        Assert.Empty(JsonDocument.Parse(hidden.Out).RootElement.GetProperty("detections").EnumerateArray());
        Assert.Contains("1 first-seen domain(s) queried by one source, not shown", hidden.Error, StringComparison.Ordinal);

        var shown = await CliRun.Run(_dir, null, "dns", "day3.log", "--format", "json", "--store", "sqlite:kb.db", "--kinds", "rare,tunnel");
        Assert.Equal(0, shown.ExitCode);
        var lead = Assert.Single(JsonDocument.Parse(shown.Out).RootElement.GetProperty("detections").EnumerateArray());
        Assert.Equal("rare", lead.GetProperty("kind").GetString());
        Assert.Equal("third-party.org", lead.GetProperty("domain").GetString());
        Assert.Equal(["10.0.0.2"], lead.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("recorded 1 DNS finding(s)", shown.Error, StringComparison.Ordinal);

        // Recorded now: the same day again has no lead.
        var again = await CliRun.Run(_dir, null, "dns", "day3.log", "--format", "json", "--store", "sqlite:kb.db", "--kinds", "rare");
        Assert.Empty(JsonDocument.Parse(again.Out).RootElement.GetProperty("detections").EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_kind_is_a_usage_error()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "q.log"), Line("www.example.com", "10.0.0.1", "2026-11-20T00:00:00Z") + "\n", TestContext.Current.CancellationToken);
        var run = await CliRun.Run(_dir, null, "dns", "q.log", "--store", "sqlite:kb.db", "--kinds", "rare,bogus");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown kind 'bogus'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_output_is_the_dns_report_with_its_charts()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "q.log"), Line("www.example.com", "10.0.0.1", "2026-11-20T00:00:00Z") + "\n", TestContext.Current.CancellationToken);
        var run = await CliRun.Run(_dir, null, "dns", Path.Combine(Samples.Directory(), "dnslogs"), "--store", "sqlite:kb.db", "--no-record", "--format", "html");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("<h1>Cloud Sniper: DNS detections</h1>", run.Out, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"queries over time\"", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", run.Out, StringComparison.OrdinalIgnoreCase);
    }
}
