using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Dashboard;

/// <summary>The IOC knowledge base: search, and one indicator with every sighting.</summary>
internal static class IocPages
{
    public static async Task<IResult> SearchAsync(HttpContext http, string? q, string? type, string? source)
    {
        var body = new Html();
        body.Raw("<form class=\"filters\" method=\"get\" action=\"/dashboard/iocs\" role=\"search\">")
            .Raw("<label for=\"q\">Value contains</label><input id=\"q\" name=\"q\" type=\"search\" value=\"").Raw(Html.Encode(q)).Raw("\">")
            .Raw("<label for=\"type\">Type</label><input id=\"type\" name=\"type\" value=\"").Raw(Html.Encode(type)).Raw("\" placeholder=\"ipv4, domain, …\">")
            .Raw("<label for=\"source\">Source</label><input id=\"source\" name=\"source\" value=\"").Raw(Html.Encode(source)).Raw("\">")
            .Raw("<button type=\"submit\">Search</button></form>");
        var answer = await ApiCall.GetAsync(http, "/iocs", ApiCall.Query(("q", q), ("type", type), ("source", source), ("limit", "200"))).ConfigureAwait(false);
        if (!answer.Ok)
        {
            return DashboardPage.Render(http, "IOC knowledge base", DashboardPage.Notice(body, answer.Problem, error: true), answer.Status);
        }

        body.Raw("<div class=\"table\"><table><caption>Indicators</caption><thead><tr><th scope=\"col\">Value</th><th scope=\"col\">Type</th><th scope=\"col\">Sightings</th><th scope=\"col\">Sources</th><th scope=\"col\">Confidence</th><th scope=\"col\">Last seen</th></tr></thead><tbody>");
        foreach (var i in answer.Body.Items())
        {
            body.Raw("<tr><td><a href=\"/dashboard/iocs/").Raw(Html.Url(i.Str("value"))).Raw("\">").Text(i.Str("value")).Raw("</a></td><td>").Text(i.Str("type"))
                .Raw("</td><td>").Text(i.Get("sightings")).Raw("</td><td>").Text(i.Str("sources")).Raw("</td><td>").Text(i.Get("confidence")).Raw("</td><td>").Text(i.Str("lastSeen")).Raw("</td></tr>");
        }

        body.Raw("</tbody></table></div>");
        return DashboardPage.Render(http, "IOC knowledge base", body);
    }

    public static async Task<IResult> DetailAsync(HttpContext http, string value)
    {
        var answer = await ApiCall.GetAsync(http, "/iocs/{value}", route: new RouteValueDictionary { ["value"] = value }).ConfigureAwait(false);
        var body = new Html();
        if (!answer.Ok)
        {
            return DashboardPage.Render(http, "Indicator", DashboardPage.Notice(body, answer.Problem, error: true), answer.Status);
        }

        var ioc = answer.Body.Get("ioc");
        body.Raw("<dl class=\"facts\"><dt>Type</dt><dd>").Text(ioc.Str("type")).Raw("</dd><dt>Sightings</dt><dd>").Text(ioc.Get("sightings"))
            .Raw("</dd><dt>Sources</dt><dd>").Text(ioc.Str("sources")).Raw("</dd><dt>Accounts</dt><dd>").Text(ioc.Str("accounts"))
            .Raw("</dd><dt>First seen</dt><dd>").Text(ioc.Str("firstSeen")).Raw("</dd><dt>Last seen</dt><dd>").Text(ioc.Str("lastSeen"))
            .Raw("</dd><dt>Expires</dt><dd>").Text(ioc.Str("expiresAt")).Raw("</dd><dt>Description</dt><dd>").Text(ioc.Str("description")).Raw("</dd></dl>");
        body.Raw("<h2>Sightings</h2><div class=\"table\"><table><thead><tr><th scope=\"col\">Finding</th><th scope=\"col\">Source</th><th scope=\"col\">Role</th><th scope=\"col\">Account</th><th scope=\"col\">Region</th><th scope=\"col\">First seen</th><th scope=\"col\">Last seen</th><th scope=\"col\">Count</th></tr></thead><tbody>");
        foreach (var s in answer.Body.Items("sightings"))
        {
            body.Raw("<tr><td>").Text(s.Str("sourceId")).Raw("</td><td>").Text(s.Str("source")).Raw("</td><td>").Text(s.Str("role")).Raw("</td><td>").Text(s.Str("accountId"))
                .Raw("</td><td>").Text(s.Str("region")).Raw("</td><td>").Text(s.Str("firstSeen")).Raw("</td><td>").Text(s.Str("lastSeen")).Raw("</td><td>").Text(s.Get("count")).Raw("</td></tr>");
        }

        body.Raw("</tbody></table></div>");
        return DashboardPage.Render(http, "Indicator " + ioc.Str("value"), body);
    }
}
