using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace CloudSniper.Server.Dashboard;

/// <summary>Beacons found by flow-log analytics: the histogram of their intervals across beacons, and each with its score parts.</summary>
internal static partial class AnalyticsPage
{
    public static async Task<IResult> RenderAsync(HttpContext http)
    {
        var body = new Html();
        var answer = await ApiCall.GetAsync(http, "/beacons", ApiCall.Query(("limit", "200"))).ConfigureAwait(false);
        if (!answer.Ok)
        {
            return DashboardPage.Render(http, "Analytics", DashboardPage.Notice(body, answer.Problem, error: true), answer.Status);
        }

        var beacons = answer.Body.Items().ToList();
        if (beacons.Count == 0)
        {
            body.Raw("<p>No beacons yet. Run <code>sniper beacons</code> over flow logs, or enable the beacon job.</p>");
            return DashboardPage.Render(http, "Analytics", body);
        }

        // Intervals in powers of two from 1 s: a beacon's period falls in the bucket [2^k, 2^(k+1)).
        var periods = beacons.Select(b => Period(b.Str("description"))).Where(p => p > 0).ToList();
        var buckets = new SortedDictionary<int, int>();
        foreach (var p in periods)
        {
            var k = (int)Math.Floor(Math.Log2(Math.Max(1, p)));
            buckets[k] = buckets.GetValueOrDefault(k) + 1;
        }

        if (buckets.Count > 0)
        {
            var bars = Enumerable.Range(buckets.Keys.First(), buckets.Keys.Last() - buckets.Keys.First() + 1)
                .Select(k => (Label: Seconds(Math.Pow(2, k)), Value: (double)buckets.GetValueOrDefault(k))).ToList();
            body.Raw(Charts.Bars("Beacon intervals (count per period bucket)", bars));
        }

        foreach (var b in beacons)
        {
            body.Raw("<section class=\"card\"><h2 class=\"finding-title\">").Text(b.Str("title")).Raw("</h2><p class=\"muted\">Severity ").Text(b.Get("severity"))
                .Raw(" · ").Text(b.Str("accountId")).Raw(" · last seen ").Text(b.Str("lastSeen")).Raw("</p>");
            var parts = ScoreParts().Matches(b.Str("description")).Select(m => (Label: m.Groups[1].Value, Value: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();
            if (parts.Count > 0)
            {
                body.Raw(Charts.Bars("Score parts of this beacon (0 to 1)", parts, "small"));
            }

            body.Raw("<p>").Text(b.Str("description")).Raw("</p></section>");
        }

        return DashboardPage.Render(http, "Analytics", body);
    }

    private static double Period(string description) =>
        PeriodText().Match(description) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private static string Seconds(double s) => s >= 3600 ? (s / 3600).ToString("0.#", CultureInfo.InvariantCulture) + " h" : s >= 60 ? (s / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min" : s.ToString("0", CultureInfo.InvariantCulture) + " s";

    [GeneratedRegex(@"period about (\d+(?:\.\d+)?) s")]
    private static partial Regex PeriodText();

    [GeneratedRegex(@"(timestamp|data size|histogram|duration|periodicity|prevalence) (\d\.\d+)")]
    private static partial Regex ScoreParts();
}
