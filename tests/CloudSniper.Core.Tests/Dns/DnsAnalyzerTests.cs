using CloudSniper.Core.Dns;

namespace CloudSniper.Core.Tests.Dns;

public sealed class DnsAnalyzerTests
{
    [Fact]
    public void Base32_labels_under_one_domain_from_one_host_are_a_tunnel()
    {
        var log = new QueryLogBuilder().Background(20);
        for (var i = 0; i < 300; i++)
        {
            log.Add("10.0.0.5", $"{log.RandomLabel(50)}.{log.RandomLabel(10)}.t.tunnel-example.net", i * 30, type: "TXT");
        }

        var report = log.Analyze();
        var tunnel = Assert.Single(report.Detections, d => d.Kind == DnsDetectionKind.Tunnel);
        Assert.Equal("tunnel-example.net", tunnel.Domain);
        Assert.Equal(["10.0.0.5"], tunnel.Sources);
        Assert.Equal(["i-00000000000010005"], tunnel.Instances);
        Assert.Equal(300L, tunnel.Queries);
        Assert.True(tunnel.Score >= 0.7, $"score {tunnel.Score}");

        // The estimate of 300 distinct subdomains from a 256-hash sketch is within three times its error (about 6 %).
        var unique = (long)tunnel.Evidence["uniqueSubdomains"];
        Assert.InRange(unique, 243, 357);
        Assert.False((bool)tunnel.Evidence["uniqueSubdomainsExact"]);

        // 50 + 1 + 10 + 1 + 1 characters of subdomain in every query; every query asked for TXT.
        Assert.Equal(63.0, (double)tunnel.Evidence["meanSubdomainLength"]);
        Assert.Equal(1.0, (double)tunnel.Evidence["txtNullCnameShare"]);
        Assert.Equal(50, (int)tunnel.Evidence["longestLabel"]);
        Assert.Equal(20, (int)tunnel.Evidence["fleetSources"]);
        Assert.Equal(3, ((List<string>)tunnel.Evidence["examples"]).Count);

        // Its steady 30 s rhythm is not reported a second time as a beacon: 300 names are not "a name or a few".
        Assert.DoesNotContain(report.Detections, d => d.Kind == DnsDetectionKind.Beacon);
    }

    [Fact]
    public void A_cdn_queried_with_thousands_of_labels_by_the_whole_fleet_is_not_a_tunnel()
    {
        var log = new QueryLogBuilder().Background(20);
        for (var h = 0; h < 20; h++)
        {
            for (var i = 0; i < 100; i++)
            {
                log.Add(QueryLogBuilder.Host(h), $"{log.RandomLabel(32, "0123456789abcdef")}.edge.cdn-example.net", log.Next() * 86_400);
            }
        }

        var report = log.Analyze();
        Assert.DoesNotContain(report.Detections, d => d.Domain == "cdn-example.net");
    }

    [Fact]
    public void S3_bucket_endpoints_resolved_by_one_host_are_neither_a_tunnel_nor_a_dga()
    {
        var log = new QueryLogBuilder().Background(20);
        for (var i = 0; i < 600; i++)
        {
            var bucket = $"etl-{log.RandomLabel(12, "abcdefghijklmnopqrstuvwxyz0123456789")}";
            log.Add("10.0.0.9", $"{bucket}.s3.eu-west-1.amazonaws.com", i * 60);
            log.Add("10.0.0.9", $"{bucket}.s3.amazonaws.com", (i * 60) + 1);
        }

        var report = log.Analyze();
        Assert.DoesNotContain(report.Detections, d => d.Kind is DnsDetectionKind.Tunnel or DnsDetectionKind.Dga);
    }

    [Fact]
    public void A_host_querying_one_name_every_five_minutes_with_jitter_is_a_beacon()
    {
        var log = new QueryLogBuilder().Background(20);
        var t = 0.0;
        while (t < 86_400)
        {
            log.Add("10.0.0.7", "update.c2-example.org", t);
            t += 300 * (0.9 + (0.2 * log.Next()));
        }

        var report = log.Analyze();
        var beacon = Assert.Single(report.Detections, d => d.Kind == DnsDetectionKind.Beacon);
        Assert.Equal("c2-example.org", beacon.Domain);
        Assert.Equal(["10.0.0.7"], beacon.Sources);
        Assert.InRange((double)beacon.Evidence["periodSeconds"], 270, 330);
        Assert.Equal(["update.c2-example.org"], (List<string>)beacon.Evidence["names"]);
        Assert.Equal(10, ((List<long>)beacon.Evidence["firstIntervalsSeconds"]).Count);
    }

    [Fact]
    public void A_fleet_agent_beaconing_from_every_host_is_not_a_beacon()
    {
        var log = new QueryLogBuilder().Background(20);
        for (var h = 0; h < 20; h++)
        {
            for (var t = h * 7.0; t < 86_400; t += 300)
            {
                log.Add(QueryLogBuilder.Host(h), "telemetry.agent-example.com", t);
            }
        }

        var report = log.Analyze();
        Assert.DoesNotContain(report.Detections, d => d.Kind == DnsDetectionKind.Beacon);
    }

    [Fact]
    public void A_host_resolving_many_random_nonexistent_domains_is_a_dga()
    {
        var log = new QueryLogBuilder().Background(20);
        for (var i = 0; i < 40; i++)
        {
            var domain = log.RandomLabel(14, "bcdfghjklmnpqrstvwxz0123456789") + (i % 2 == 0 ? ".com" : ".net");
            log.Add("10.0.0.3", domain, i * 90, rcode: i == 0 ? "NOERROR" : "NXDOMAIN");
            if (i == 0)
            {
                log.Add("10.0.0.3", domain, 5);
            }
        }

        var report = log.Analyze();
        var dga = Assert.Single(report.Detections, d => d.Kind == DnsDetectionKind.Dga);
        Assert.Equal(["10.0.0.3"], dga.Sources);
        Assert.Equal(40, (int)dga.Evidence["randomDomains"]);
        Assert.Equal(39, (int)dga.Evidence["nxDomainDomains"]);
        // The most frequent random domain is the one queried twice.
        Assert.Equal((string)((List<string>)dga.Evidence["examples"])[0], dga.Domain);
        Assert.Equal(2L, log.Queries.Count(q => q.Name == dga.Domain));
    }

    [Fact]
    public void Typos_answered_with_nxdomain_are_not_a_dga()
    {
        var log = new QueryLogBuilder().Background(20);
        string[] typos = ["gogle.com", "amazom.com", "faceboook.com", "wikipeda.org", "githb.com", "stackoverfow.com", "linkdin.com", "micosoft.com", "yotube.com", "twiter.com", "redit.com", "netflx.com"];
        for (var i = 0; i < typos.Length; i++)
        {
            log.Add("10.0.0.4", typos[i], i * 60, rcode: "NXDOMAIN");
        }

        var report = log.Analyze();
        Assert.DoesNotContain(report.Detections, d => d.Kind == DnsDetectionKind.Dga);
    }

    [Fact]
    public void Every_source_that_resolved_a_known_bad_domain_or_a_name_under_it_is_reported()
    {
        var log = new QueryLogBuilder().Background(5);
        log.Add("10.0.0.2", "evil-example.com", 100, answers: "198.51.100.7");
        log.Add("10.0.0.3", "cdn.x.evil-example.com", 200);
        log.Add("10.0.0.3", "cdn.x.evil-example.com", 300);
        log.Add("10.0.0.4", "notevil-example.com", 300);
        var iocs = new DomainIndicatorSet();
        Assert.True(iocs.Add("Evil-Example.com."));
        Assert.False(iocs.Add("198.51.100.7"));

        var report = log.Analyze(iocs: iocs);
        var ioc = Assert.Single(report.Detections, d => d.Kind == DnsDetectionKind.Ioc);
        Assert.Equal("evil-example.com", ioc.Domain);
        Assert.Equal(["10.0.0.2", "10.0.0.3"], ioc.Sources);
        Assert.Equal(3L, ioc.Queries);
        Assert.Equal(["198.51.100.7"], ioc.ResolvedAddresses);
        Assert.Equal(QueryLogBuilder.Start.AddSeconds(100), ioc.FirstSeen);
        Assert.Equal(QueryLogBuilder.Start.AddSeconds(300), ioc.LastSeen);
        Assert.Equal(1.0, ioc.Score);
    }

    [Fact]
    public void Detections_are_sorted_by_score()
    {
        var log = new QueryLogBuilder().Background(10);
        for (var i = 0; i < 300; i++)
        {
            log.Add("10.0.0.5", $"{log.RandomLabel(40)}.tunnel-example.net", i * 30, type: "TXT");
        }

        log.Add("10.0.0.2", "evil-example.com", 100);
        var iocs = new DomainIndicatorSet();
        iocs.Add("evil-example.com");
        var report = log.Analyze(iocs: iocs);
        Assert.True(report.Detections.Count >= 2);
        Assert.Equal(report.Detections.OrderByDescending(d => d.Score).Select(d => d.Score), report.Detections.Select(d => d.Score));
        Assert.Equal(DnsDetectionKind.Ioc, report.Detections[0].Kind);
    }

    [Fact]
    public void Queries_outside_the_window_are_skipped()
    {
        var log = new QueryLogBuilder();
        log.Add("10.0.0.1", "a.example.com", 10);
        log.Add("10.0.0.1", "a.example.com", 7200);
        log.Add("10.0.0.1", "com", 20);
        var report = log.Analyze(new DnsOptions { Since = QueryLogBuilder.Start, Until = QueryLogBuilder.Start.AddHours(1) });
        Assert.Equal(2, report.Queries);
        Assert.Equal(1, report.OutsideWindow);
        Assert.Equal(1, report.WithoutRegisteredDomain);
        Assert.Equal(1, report.Pairs);
    }

    [Fact]
    public void Tunnel_score_is_full_when_every_part_is_at_its_top()
    {
        // Count 1 (1000 unique = full), entropy 4 bits, 50 characters, half TXT, 1 MB of names, one source: 0.35 + 0.2 + 0.2 + 0.1 + 0.15.
        Assert.Equal(1.0, DnsAnalyzer.TunnelScore(1000, 4.0, 50, 0.5, 1_000_000, 1.0, new DnsOptions()), 3);

        // At the minimum count the count part is 0.25: 0.35 · 0.25 = 0.0875, the rest at 0; halved by prevalence.
        Assert.Equal(0.044, DnsAnalyzer.TunnelScore(100, 2.5, 10, 0, 1000, 0.5, new DnsOptions()), 3);

        // Below the minimum count nothing of the count part is left: 0.2 + 0.2 + 0.1 + 0.15 = 0.65.
        Assert.Equal(0.65, DnsAnalyzer.TunnelScore(99, 4.0, 50, 0.5, 1_000_000, 1.0, new DnsOptions()), 3);
    }

    [Fact]
    public void Dga_score_combines_count_nxdomain_share_and_randomness()
    {
        // 100 domains (full count, 1), all NXDOMAIN (1), randomness 0.8: 0.5 + 0.3 + 0.16.
        Assert.Equal(0.96, DnsAnalyzer.DgaScore(100, 1.0, 0.8, new DnsOptions()), 3);

        // 10 domains (0.25), half NXDOMAIN, randomness 0.6: 0.125 + 0.15 + 0.12.
        Assert.Equal(0.395, DnsAnalyzer.DgaScore(10, 0.5, 0.6, new DnsOptions()), 3);
    }
}
