using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Dashboard;

/// <summary>Incidents: the list with filters (its rows refresh themselves), and the detail with timeline, IOCs, notes and closing.</summary>
internal static class IncidentPages
{
    public static async Task<IResult> ListAsync(HttpContext http, string? status, string? kind, string? minSeverity)
    {
        status ??= "open";
        var body = new Html();
        DashboardPage.Flash(http, body);
        body.Raw("<form class=\"filters\" method=\"get\" action=\"/dashboard/incidents\">")
            .Raw("<label for=\"status\">Status</label><select id=\"status\" name=\"status\">");
        foreach (var s in new[] { "open", "closed", "all" })
        {
            body.Raw("<option").Raw(s == status ? " selected" : string.Empty).Raw(">").Text(s).Raw("</option>");
        }

        body.Raw("</select><label for=\"kind\">Kind</label><input id=\"kind\" name=\"kind\" value=\"").Raw(Html.Encode(kind)).Raw("\">")
            .Raw("<label for=\"minSeverity\">Min. severity</label><input id=\"minSeverity\" name=\"minSeverity\" inputmode=\"decimal\" value=\"").Raw(Html.Encode(minSeverity)).Raw("\">")
            .Raw("<button type=\"submit\">Filter</button></form>");
        var query = ApiCall.Query(("status", status == "all" ? null : status), ("kind", kind), ("minSeverity", minSeverity));
        body.Raw("<div class=\"table\"><table><caption>Incidents, most recently active first</caption><thead><tr><th scope=\"col\">Incident</th><th scope=\"col\">Kind</th><th scope=\"col\">Severity</th><th scope=\"col\">Account</th><th scope=\"col\">Types</th><th scope=\"col\">Last seen</th><th scope=\"col\">Status</th></tr></thead>")
            .Raw("<tbody id=\"incident-rows\" aria-live=\"polite\" hx-get=\"/dashboard/events/incidents?").Raw(Html.Encode(query)).Raw("\" hx-trigger=\"every 2s\" hx-swap=\"innerHTML\">");
        body.Raw(await RowsHtmlAsync(http, query).ConfigureAwait(false));
        body.Raw("</tbody></table></div>");
        return DashboardPage.Render(http, "Incidents", body);
    }

    /// <summary>The table rows alone: what the list page polls for, so new incidents appear without a reload.</summary>
    public static async Task<IResult> RowsAsync(HttpContext http) =>
        Results.Content(await RowsHtmlAsync(http, http.Request.QueryString.HasValue ? http.Request.QueryString.Value![1..] : null).ConfigureAwait(false), "text/html; charset=utf-8");

    private static async Task<string> RowsHtmlAsync(HttpContext http, string? query)
    {
        var answer = await ApiCall.GetAsync(http, "/incidents", ApiCall.Query(("limit", "200")) + (string.IsNullOrEmpty(query) ? string.Empty : "&" + query)).ConfigureAwait(false);
        var rows = new Html();
        if (!answer.Ok)
        {
            return rows.Raw("<tr><td colspan=\"7\">").Text(answer.Problem).Raw("</td></tr>").ToString();
        }

        var any = false;
        foreach (var i in answer.Body.Items())
        {
            any = true;
            var severity = i.Num("maxSeverity");
            rows.Raw("<tr><td><a href=\"/dashboard/incidents/").Raw(Html.Url(i.Str("id"))).Raw("\">").Text(i.Str("key")).Raw("</a></td><td>").Text(i.Str("kind"))
                .Raw("</td><td><span class=\"sev ").Raw(DashboardPage.Band(severity)).Raw("\">").Text(i.Get("maxSeverity")).Raw("</span></td><td>").Text(i.Str("accountId"))
                .Raw("</td><td>").Text(i.Str("types")).Raw("</td><td>").Text(i.Str("lastSeen")).Raw("</td><td>").Text(i.Str("status")).Raw("</td></tr>");
        }

        if (!any)
        {
            rows.Raw("<tr><td colspan=\"7\">No incidents.</td></tr>");
        }

        return rows.ToString();
    }

    public static async Task<IResult> DetailAsync(HttpContext http, string id)
    {
        var answer = await ApiCall.GetAsync(http, "/incidents/{id}", route: new RouteValueDictionary { ["id"] = id }).ConfigureAwait(false);
        var body = new Html();
        if (!answer.Ok)
        {
            return DashboardPage.Render(http, "Incident", DashboardPage.Notice(body, answer.Problem, error: true), answer.Status);
        }

        DashboardPage.Flash(http, body);
        var incident = answer.Body.Get("incident");
        body.Raw("<dl class=\"facts\"><dt>Key</dt><dd>").Text(incident.Str("key")).Raw("</dd><dt>Kind</dt><dd>").Text(incident.Str("kind"))
            .Raw("</dd><dt>Status</dt><dd>").Text(incident.Str("status")).Raw("</dd><dt>NIST phase</dt><dd>").Text(answer.Body.Str("phase"))
            .Raw("</dd><dt>Severity</dt><dd>").Text(incident.Get("maxSeverity")).Raw("</dd><dt>Account</dt><dd>").Text(incident.Str("accountId"))
            .Raw("</dd><dt>Region</dt><dd>").Text(incident.Str("region")).Raw("</dd><dt>First seen</dt><dd>").Text(incident.Str("firstSeen"))
            .Raw("</dd><dt>Last seen</dt><dd>").Text(incident.Str("lastSeen")).Raw("</dd></dl>");

        body.Raw("<h2>Findings</h2><div class=\"table\"><table><thead><tr><th scope=\"col\">Title</th><th scope=\"col\">Type</th><th scope=\"col\">Severity</th><th scope=\"col\">Source</th></tr></thead><tbody>");
        var findingIds = new List<string>();
        foreach (var f in answer.Body.Items("findings"))
        {
            findingIds.Add(f.Str("id"));
            body.Raw("<tr><td class=\"finding-title\">").Text(f.Str("title")).Raw("</td><td>").Text(f.Str("type")).Raw("</td><td>").Text(f.Get("severity")).Raw("</td><td>").Text(f.Str("source")).Raw("</td></tr>");
        }

        body.Raw("</tbody></table></div>");
        await IocsOfAsync(http, body, findingIds).ConfigureAwait(false);

        body.Raw("<h2>Timeline</h2><ol class=\"timeline\">");
        foreach (var e in answer.Body.Items("timeline"))
        {
            body.Raw("<li><time>").Text(e.Str("time")).Raw("</time> <span class=\"tag\">").Text(e.Str("kind")).Raw("</span> ").Text(e.Str("text"));
            if (e.Str("phase") is { Length: > 0 } phase)
            {
                body.Raw(" <span class=\"tag\">").Text(phase).Raw("</span>");
            }

            if (e.Str("by") is { Length: > 0 } by)
            {
                body.Raw(" <span class=\"muted\">").Text(by).Raw("</span>");
            }

            body.Raw("</li>");
        }

        body.Raw("</ol>");
        if (DashboardPage.Allowed(http, DashboardModule.Responder))
        {
            var path = "/dashboard/incidents/" + Uri.EscapeDataString(id);
            body.Raw("<h2>Notes</h2><form method=\"post\" action=\"").Raw(Html.Encode(path + "/notes")).Raw("\">").Raw(DashboardPage.Token(http))
                .Raw("<label for=\"note\">Add a note</label><textarea id=\"note\" name=\"text\" rows=\"3\" required maxlength=\"10000\"></textarea><button type=\"submit\">Add note</button></form>");
            if (incident.Str("status") != "closed")
            {
                body.Raw(DashboardPage.Form(http, path + "/close", "Close incident", "danger"));
            }
        }

        return DashboardPage.Render(http, "Incident " + incident.Str("key"), body);
    }

    /// <summary>The indicators of the incident's findings, extracted as ingest extracted them.</summary>
    private static async Task IocsOfAsync(HttpContext http, Html body, List<string> findingIds)
    {
        if (http.RequestServices.GetService(typeof(ServerServices)) is not ServerServices services || findingIds.Count == 0)
        {
            return;
        }

        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var findingId in findingIds)
        {
            if (await services.KnowledgeBase.GetFindingAsync(findingId, http.RequestAborted).ConfigureAwait(false) is { } finding)
            {
                foreach (var observation in services.Ingest.Extract(finding))
                {
                    values.Add(observation.Value);
                }
            }
        }

        body.Raw("<h2>IOCs</h2><ul class=\"chips\">");
        foreach (var value in values)
        {
            body.Raw("<li><a href=\"/dashboard/iocs/").Raw(Html.Url(value)).Raw("\">").Text(value).Raw("</a></li>");
        }

        body.Raw("</ul>");
    }

    public static async Task<IResult> NoteAsync(HttpContext http, IFormCollection form)
    {
        var id = (string)http.Request.RouteValues["id"]!;
        var answer = await ApiCall.SendAsync(http, HttpMethods.Post, "/incidents/{id}/notes", null, new RouteValueDictionary { ["id"] = id }, new { text = form["text"].ToString() }).ConfigureAwait(false);
        return Answered(http, id, answer, "Note added.");
    }

    public static async Task<IResult> CloseAsync(HttpContext http, IFormCollection form)
    {
        var id = (string)http.Request.RouteValues["id"]!;
        var answer = await ApiCall.SendAsync(http, HttpMethods.Post, "/incidents/{id}/close", null, new RouteValueDictionary { ["id"] = id }, null).ConfigureAwait(false);
        return Answered(http, id, answer, "Incident closed.");
    }

    private static IResult Answered(HttpContext http, string id, ApiCall.Answer answer, string done) =>
        answer.Status == StatusCodes.Status403Forbidden
            ? Results.StatusCode(StatusCodes.Status403Forbidden)
            : DashboardPage.Back("/dashboard/incidents/" + Uri.EscapeDataString(id), answer.Ok ? done : answer.Problem, !answer.Ok);
}
