using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Dashboard;

/// <summary>Blocks in place, the ones expiring within a day first marked, and unblocking (as <c>sniper unblock</c>).</summary>
internal static class BlockPages
{
    public static async Task<IResult> ListAsync(HttpContext http, ServerServices services)
    {
        var body = new Html();
        DashboardPage.Flash(http, body);
        var answer = await ApiCall.GetAsync(http, "/blocks", ApiCall.Query(("limit", "500"))).ConfigureAwait(false);
        if (!answer.Ok)
        {
            return DashboardPage.Render(http, "Blocks", DashboardPage.Notice(body, answer.Problem, error: true), answer.Status);
        }

        var now = services.Time.GetUtcNow();
        var canUnblock = DashboardPage.Allowed(http, DashboardModule.Responder);
        body.Raw("<div class=\"table\"><table><caption>Active blocks</caption><thead><tr><th scope=\"col\">Address</th><th scope=\"col\">Kind</th><th scope=\"col\">Target</th><th scope=\"col\">Account</th><th scope=\"col\">Expires</th><th scope=\"col\">Offence</th>")
            .Raw(canUnblock ? "<th scope=\"col\">Action</th>" : string.Empty).Raw("</tr></thead><tbody>");
        foreach (var b in answer.Body.Items())
        {
            var expiring = DateTimeOffset.TryParse(b.Str("expiresAt"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var expires) && expires - now < TimeSpan.FromDays(1);
            body.Raw("<tr><td>").Text(b.Str("address")).Raw("</td><td>").Text(b.Str("kind")).Raw("</td><td class=\"wrap\">").Text(b.Str("target")).Raw("</td><td>").Text(b.Str("accountId"))
                .Raw("</td><td>").Text(b.Str("expiresAt")).Raw(expiring ? " <span class=\"tag warn\">expiring</span>" : string.Empty).Raw("</td><td>").Text(b.Get("offence")).Raw("</td>");
            if (canUnblock)
            {
                body.Raw("<td>").Raw(DashboardPage.Form(http, "/dashboard/blocks/unblock", "Unblock " + b.Str("address"), "danger", ("address", b.Str("address")))).Raw("</td>");
            }

            body.Raw("</tr>");
        }

        body.Raw("</tbody></table></div>");
        return DashboardPage.Render(http, "Blocks", body);
    }

    public static async Task<IResult> UnblockAsync(HttpContext http, IFormCollection form)
    {
        var address = form["address"].ToString();
        var answer = await ApiCall.SendAsync(http, HttpMethods.Delete, "/blocks/{**address}", null, new RouteValueDictionary { ["address"] = address }, null).ConfigureAwait(false);
        return answer.Status == StatusCodes.Status403Forbidden
            ? Results.StatusCode(StatusCodes.Status403Forbidden)
            : DashboardPage.Back("/dashboard/blocks", answer.Ok ? $"{address} unblocked." : answer.Problem, !answer.Ok);
    }
}
