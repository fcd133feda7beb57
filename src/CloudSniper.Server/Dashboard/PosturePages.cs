using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Dashboard;

/// <summary>Posture: the latest runbook report embedded in a sandboxed frame, the score trend and the report history.</summary>
internal static class PosturePages
{
    public static async Task<IResult> ListAsync(HttpContext http)
    {
        var body = new Html();
        var answer = await ApiCall.GetAsync(http, "/runbook/reports", ApiCall.Query(("limit", "100"))).ConfigureAwait(false);
        if (!answer.Ok)
        {
            return DashboardPage.Render(http, "Posture", DashboardPage.Notice(body, answer.Problem, error: true), answer.Status);
        }

        var reports = answer.Body.Items().ToList();
        if (reports.Count == 0)
        {
            body.Raw("<p>No runbook report yet. Run <code>sniper runbook</code> with its reports written to the server's reports directory.</p>");
            return DashboardPage.Render(http, "Posture", body);
        }

        var trend = await TrendAsync(http, reports).ConfigureAwait(false);
        if (trend.Count > 0)
        {
            body.Raw(Charts.Bars("Posture score (% of checks passed), oldest to newest", trend));
        }

        if (reports.FirstOrDefault(r => r.Str("format") == "html") is { ValueKind: JsonValueKind.Object } latest)
        {
            var src = "/dashboard/posture/reports/" + Html.Url(latest.Str("id"));
            body.Raw("<h2>Latest report</h2><p><a href=\"").Raw(src).Raw("\">Open ").Text(latest.Str("id")).Raw(" on its own</a></p>")
                .Raw("<iframe class=\"report\" title=\"Latest runbook report\" sandbox src=\"").Raw(src).Raw("\"></iframe>");
        }

        body.Raw("<h2>History</h2><div class=\"table\"><table><thead><tr><th scope=\"col\">Report</th><th scope=\"col\">Format</th><th scope=\"col\">Written</th><th scope=\"col\">Size</th></tr></thead><tbody>");
        foreach (var r in reports)
        {
            body.Raw("<tr><td><a href=\"/dashboard/posture/reports/").Raw(Html.Url(r.Str("id"))).Raw("\">").Text(r.Str("id")).Raw("</a></td><td>").Text(r.Str("format"))
                .Raw("</td><td>").Text(r.Str("modified")).Raw("</td><td>").Text(r.Get("size")).Raw("</td></tr>");
        }

        body.Raw("</tbody></table></div>");
        return DashboardPage.Render(http, "Posture", body);
    }

    /// <summary>
    /// One report's bytes, under a CSP of its own: <c>sandbox</c> (no script, an opaque origin) and framing by this
    /// origin only, so the posture page can embed it.
    /// </summary>
    public static async Task<IResult> ReportAsync(HttpContext http, string id)
    {
        var (status, type, bytes) = await ApiCall.GetRawAsync(http, "/runbook/reports/{id}", new RouteValueDictionary { ["id"] = id }).ConfigureAwait(false);
        if (status != StatusCodes.Status200OK)
        {
            return DashboardPage.Render(http, "Report", DashboardPage.Notice(new Html(), "no report '" + id + "'", error: true), status);
        }

        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";
        http.Response.Headers.XFrameOptions = "SAMEORIGIN";
        return Results.Bytes(bytes, type ?? "application/octet-stream");
    }

    /// <summary>The score of each JSON report, oldest first: PASS / (PASS + FAIL) over its <c>checks</c>.</summary>
    internal static async Task<List<(string Label, double Value)>> TrendAsync(HttpContext http, List<JsonElement> reports)
    {
        var trend = new List<(string, double)>();
        foreach (var r in reports.Where(r => r.Str("format") == "json").Take(30).Reverse())
        {
            var (status, _, bytes) = await ApiCall.GetRawAsync(http, "/runbook/reports/{id}", new RouteValueDictionary { ["id"] = r.Str("id") }).ConfigureAwait(false);
            if (status != StatusCodes.Status200OK)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(bytes);
                var checks = doc.RootElement.EnumerateObject().FirstOrDefault(p => p.NameEquals("checks") || p.NameEquals("Checks")).Value;
                if (checks.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                var pass = checks.EnumerateArray().Count(c => c.Str("status").Equals("PASS", StringComparison.OrdinalIgnoreCase));
                var fail = checks.EnumerateArray().Count(c => c.Str("status").Equals("FAIL", StringComparison.OrdinalIgnoreCase));
                if (pass + fail > 0)
                {
                    trend.Add((r.Str("modified"), Math.Round(100.0 * pass / (pass + fail), 1)));
                }
            }
            catch (JsonException)
            {
            }
        }

        return trend;
    }
}
