using System.Text.RegularExpressions;
using CloudSniper.Core.Dns;
using CloudSniper.Core.Dns.Reports;

namespace CloudSniper.Core.Tests.Dns.Reports;

public sealed class DnsHtmlReportTests
{
    /// <summary>A tunnel of 96 TXT queries, one every 15 minutes for a day; every name 50 + 1 + 12 + 22 characters long.</summary>
    private static DnsReport TunnelReport()
    {
        var log = new QueryLogBuilder().Background(20);
        for (var i = 0; i < 120; i++)
        {
            // 50 characters from 32 (at most 5 bits a character), then the sequence, under t.tunnel-example.net.
            log.Add("10.0.0.5", $"{log.RandomLabel(50)}.{i:D12}.t.tunnel-example.net", i * 720, type: "TXT");
        }

        return log.Analyze(new DnsOptions { TunnelMinUniqueSubdomains = 100 });
    }

    [Fact]
    public void A_detection_carries_its_timeline_and_distributions_from_its_queries()
    {
        var tunnel = Assert.Single(TunnelReport().Detections, d => d.Kind == DnsDetectionKind.Tunnel);

        // 120 queries 720 s apart span 85,681 s: 48 bins of 1,786 s, two or three queries in each.
        Assert.Equal(DnsAnalyzer.TimelineBins, tunnel.Timeline.Count);
        Assert.Equal(Math.Ceiling(85_681 / 48.0), tunnel.TimelineBinSeconds);
        Assert.Equal(120, tunnel.Timeline.Sum());
        Assert.All(tunnel.Timeline, n => Assert.InRange(n, 2, 3));

        // Every name is 50 + 1 + 12 + 1 + 1 + 1 + 18 = 84 characters: bin 84 / 8 = 10.
        Assert.Equal(120, tunnel.NameLengths[10]);
        Assert.Equal(120, tunnel.NameLengths.Sum());

        // The subdomain (a random base32 label, a dot, twelve digits, a dot and "t") has between 3.5 and 5 bits a character.
        Assert.Equal(120, tunnel.Entropies.Sum());
        Assert.Equal(0, tunnel.Entropies.Take(14).Sum());
        Assert.Equal(0, tunnel.Entropies.Skip(20).Sum());
    }

    [Fact]
    public void The_page_has_one_section_per_detection_with_three_inline_charts_and_no_script()
    {
        var report = TunnelReport();
        using var output = new StringWriter();
        DnsHtmlReport.Write(output, report, d => $"explained {d.Domain}", ["files 1"]);
        var html = output.ToString();

        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Equal(report.Detections.Count, Regex.Count(html, "<section id=\"d"));
        Assert.Equal(3 * report.Detections.Count, Regex.Count(html, "<svg "));
        Assert.Contains("explained tunnel-example.net", html, StringComparison.Ordinal);
        Assert.Contains("<li>files 1</li>", html, StringComparison.Ordinal);

        // The timeline of the tunnel has a bar for each of its 48 bins.
        var section = html[html.IndexOf("<section id=\"d1\"", StringComparison.Ordinal)..];
        var timeline = section[..section.IndexOf("</svg>", StringComparison.Ordinal)];
        Assert.Equal(48, Regex.Count(timeline, "<rect "));
    }

    [Fact]
    public void Names_in_the_page_are_escaped()
    {
        var report = new DnsReport
        {
            Detections =
            [
                new DnsDetection
                {
                    Kind = DnsDetectionKind.Ioc,
                    Domain = "<b>bad</b>.example",
                    Sources = ["10.0.0.1"],
                    Score = 1,
                    Evidence = new Dictionary<string, object> { ["names"] = new List<string> { "x<y>.example" } },
                },
            ],
        };
        using var output = new StringWriter();
        DnsHtmlReport.Write(output, report, _ => "<i>", []);
        var html = output.ToString();
        Assert.DoesNotContain("<b>bad", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bad&lt;/b&gt;.example", html, StringComparison.Ordinal);
        Assert.Contains("x&lt;y&gt;.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
    }
}
