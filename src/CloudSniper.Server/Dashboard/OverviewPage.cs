using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CloudSniper.Server.Dashboard;

/// <summary>
/// The overview: findings and actions per day, open incidents by severity band, top attackers, pending approvals,
/// active blocks, the posture score trend, and the health of queues and jobs.
/// </summary>
internal static class OverviewPage
{
    public static async Task<IResult> RenderAsync(HttpContext http, ServerOptions options, ServerServices services)
    {
        var body = new Html();
        var incidents = await ApiCall.GetAsync(http, "/incidents", ApiCall.Query(("status", "open"), ("limit", "1000"))).ConfigureAwait(false);
        var findings = await ApiCall.GetAsync(http, "/findings", ApiCall.Query(("limit", "1000"))).ConfigureAwait(false);
        var audit = await ApiCall.GetAsync(http, "/audit", ApiCall.Query(("limit", "1000"))).ConfigureAwait(false);
        var plans = await ApiCall.GetAsync(http, "/plans", ApiCall.Query(("status", "pending"), ("limit", "1000"))).ConfigureAwait(false);
        var blocks = await ApiCall.GetAsync(http, "/blocks", ApiCall.Query(("limit", "1000"))).ConfigureAwait(false);
        var iocs = await ApiCall.GetAsync(http, "/iocs", ApiCall.Query(("type", "ipv4"), ("limit", "1000"))).ConfigureAwait(false);

        var open = incidents.Body.Items().ToList();
        body.Raw("<ul class=\"stats\">")
            .Raw("<li><a href=\"/dashboard/incidents\"><span class=\"figure\">").Text(open.Count.ToString(CultureInfo.InvariantCulture)).Raw("</span> open incidents</a></li>")
            .Raw("<li><a href=\"/dashboard/approvals\"><span class=\"figure\">").Text(plans.Body.Items().Count().ToString(CultureInfo.InvariantCulture)).Raw("</span> plans awaiting approval</a></li>")
            .Raw("<li><a href=\"/dashboard/blocks\"><span class=\"figure\">").Text(blocks.Body.Items().Count().ToString(CultureInfo.InvariantCulture)).Raw("</span> active blocks</a></li>")
            .Raw("<li><a href=\"/dashboard/iocs\"><span class=\"figure\">").Text(iocs.Body.Items().Count().ToString(CultureInfo.InvariantCulture)).Raw("</span> attacker addresses</a></li>")
            .Raw("</ul><div class=\"grid\">");

        var today = services.Time.GetUtcNow().UtcDateTime.Date;
        body.Raw("<section class=\"card\"><h2>Findings per day</h2>").Raw(Charts.Bars("Findings per day, last 14 days", PerDay(findings.Body.Items(), "updatedAt", "firstSeen", today))).Raw("</section>");
        body.Raw("<section class=\"card\"><h2>Actions per day</h2>").Raw(Charts.Bars("Audited actions per day, last 14 days", PerDay(audit.Body.Items(), "time", "time", today))).Raw("</section>");
        var bands = new[] { "high", "medium", "low" }
            .Select(band => (Label: band, Value: (double)open.Count(i => DashboardPage.Band(i.Num("maxSeverity")) == band))).ToList();
        body.Raw("<section class=\"card\"><h2>Open incidents by severity</h2>").Raw(Charts.Bars("Open incidents: high, medium, low", bands, "bands")).Raw("</section>");

        body.Raw("<section class=\"card\"><h2>Top attackers</h2><ol class=\"top\">");
        foreach (var ioc in iocs.Body.Items().OrderByDescending(i => i.Num("sightings")).ThenBy(i => i.Str("value"), StringComparer.Ordinal).Take(10))
        {
            body.Raw("<li><a href=\"/dashboard/iocs/").Raw(Html.Url(ioc.Str("value"))).Raw("\">").Text(ioc.Str("value")).Raw("</a> <span class=\"muted\">").Text(ioc.Get("sightings")).Raw(" sightings</span></li>");
        }

        body.Raw("</ol></section>");
        var trend = await PosturePages.TrendAsync(http, [.. (await ApiCall.GetAsync(http, "/runbook/reports", ApiCall.Query(("limit", "100"))).ConfigureAwait(false)).Body.Items()]).ConfigureAwait(false);
        body.Raw("<section class=\"card\"><h2>Posture score</h2>");
        body.Raw(trend.Count > 0
            ? Charts.Bars("Posture score (% of checks passed), oldest to newest", trend)
            : "<p>No JSON runbook report yet.</p>");
        body.Raw("</section><section class=\"card\"><h2>Queues and jobs</h2><ul>");
        body.Raw("<li>").Text(options.Queues.Count == 0 ? "No queue is consumed by this instance." : $"{options.Queues.Count} queue(s), {options.Consumers} consumer(s) each").Raw("</li>");
        body.Raw("<li>").Text(options.NoJobs ? "Jobs are off on this instance." : "Jobs: see the jobs page.").Raw("</li></ul></section></div>");
        return DashboardPage.Render(http, "Overview", body);
    }

    /// <summary>Counts per UTC day over the 14 days ending <paramref name="today"/>.</summary>
    private static List<(string Label, double Value)> PerDay(IEnumerable<JsonElement> items, string field, string fallback, DateTime today)
    {
        var counts = new Dictionary<DateTime, int>();
        foreach (var item in items)
        {
            var text = item.Str(field) is { Length: > 0 } t ? t : item.Str(fallback);
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                var day = at.UtcDateTime.Date;
                counts[day] = counts.GetValueOrDefault(day) + 1;
            }
        }

        return [.. Enumerable.Range(0, 14).Select(i => today.AddDays(i - 13)).Select(d => (d.ToString("MM-dd", CultureInfo.InvariantCulture), (double)counts.GetValueOrDefault(d)))];
    }
}
