using CloudSniper.Core.Dns;

namespace CloudSniper.Core.Tests.Dns;

public sealed class FirstSeenDomainTests
{
    private static QueryLogBuilder Fleet()
    {
        var b = new QueryLogBuilder().Background(20);
        // One host resolves a domain nobody else does; three hosts share another.
        b.Add(QueryLogBuilder.Host(3), "cdn.lonely-domain.net", 3600, answers: "198.51.100.7");
        b.Add(QueryLogBuilder.Host(3), "www.lonely-domain.net", 3700);
        foreach (var h in new[] { 1, 2, 5 })
        {
            b.Add(QueryLogBuilder.Host(h), "shared-new.org", 4000 + h);
        }

        b.Add(QueryLogBuilder.Host(4), "ec2.eu-west-1.amazonaws.com", 5000);
        return b;
    }

    private static DnsReport Analyze(QueryLogBuilder b, IDomainHistory history)
    {
        var aggregator = new DnsAggregator(new DnsOptions(), PublicSuffixList.Bundled);
        foreach (var q in b.Queries)
        {
            aggregator.Add(q);
        }

        return DnsQueryLogAnalysis.AnalyzeWithHistoryAsync(aggregator, history, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task A_domain_one_source_queries_that_the_history_never_had_is_a_low_score_lead()
    {
        var history = new InMemoryDomainHistory();
        await history.RecordAsync(["example.com", "example.org", "example.net"], QueryLogBuilder.Start.AddDays(-1), TestContext.Current.CancellationToken);

        var report = Analyze(Fleet(), history);

        var rare = Assert.Single(report.Detections, d => d.Kind == DnsDetectionKind.Rare);
        Assert.Equal("lonely-domain.net", rare.Domain);
        Assert.Equal([QueryLogBuilder.Host(3)], rare.Sources);
        Assert.Equal(2, rare.Queries);
        Assert.Equal(DnsAnalyzer.RareScore, rare.Score);
        Assert.Equal(["198.51.100.7"], rare.ResolvedAddresses);
        Assert.Equal(QueryLogBuilder.Start.AddSeconds(3600), rare.FirstSeen);
        Assert.Equal(["cdn.lonely-domain.net", "www.lonely-domain.net"], (IEnumerable<string>)rare.Evidence["names"]);

        // Remembered now: the next run has no lead for it, and the history has every domain of the run.
        Assert.NotNull(history.Get("shared-new.org"));
        Assert.NotNull(history.Get("amazonaws.com"));
        Assert.DoesNotContain(Analyze(Fleet(), history).Detections, d => d.Kind == DnsDetectionKind.Rare);
    }

    [Fact]
    public void A_first_run_learns_the_baseline_and_reports_no_lead()
    {
        var history = new InMemoryDomainHistory();
        Assert.DoesNotContain(Analyze(Fleet(), history).Detections, d => d.Kind == DnsDetectionKind.Rare);
        Assert.NotNull(history.Get("lonely-domain.net"));
    }

    [Fact]
    public async Task Trusted_domains_are_never_leads()
    {
        var history = new InMemoryDomainHistory();
        await history.RecordAsync(["example.com"], QueryLogBuilder.Start.AddDays(-1), TestContext.Current.CancellationToken);
        var report = Analyze(Fleet(), history);
        Assert.DoesNotContain(report.Detections, d => d.Kind == DnsDetectionKind.Rare && d.Domain == "amazonaws.com");
        Assert.DoesNotContain(report.Detections, d => d.Kind == DnsDetectionKind.Rare && d.Domain == "shared-new.org");
    }

    [Fact]
    public void A_first_seen_lead_becomes_a_low_severity_finding()
    {
        var detection = new DnsDetection
        {
            Kind = DnsDetectionKind.Rare,
            Domain = "lonely-domain.net",
            Sources = ["10.0.0.4"],
            Score = DnsAnalyzer.RareScore,
            Queries = 2,
            Evidence = new Dictionary<string, object> { ["queries"] = 2L },
        };
        var finding = Assert.Single(DnsFindings.From([detection], QueryLogBuilder.Start)).Finding;
        Assert.Equal(DnsFindings.RareType, finding.Type.ToString());
        Assert.Equal(2, finding.Severity);
    }
}
