using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Dashboard;

/// <summary>Pending plans: each action with what it will do, each guard's decision, and the approve and reject forms.</summary>
internal static class ApprovalPages
{
    public static async Task<IResult> ListAsync(HttpContext http)
    {
        var body = new Html();
        DashboardPage.Flash(http, body);
        var answer = await ApiCall.GetAsync(http, "/plans", ApiCall.Query(("status", "pending"), ("limit", "50"))).ConfigureAwait(false);
        if (!answer.Ok)
        {
            return DashboardPage.Render(http, "Approvals", DashboardPage.Notice(body, answer.Problem, error: true), answer.Status);
        }

        var canDecide = DashboardPage.Allowed(http, DashboardModule.Responder);
        var any = false;
        foreach (var summary in answer.Body.Items())
        {
            any = true;
            var id = summary.Str("id");
            var detail = await ApiCall.GetAsync(http, "/plans/{id}", route: new RouteValueDictionary { ["id"] = id }).ConfigureAwait(false);
            var plan = detail.Body.Get("plan");
            body.Raw("<section class=\"card plan\" aria-labelledby=\"plan-").Raw(Html.Encode(id)).Raw("\"><h2 id=\"plan-").Raw(Html.Encode(id)).Raw("\">Plan ").Text(id).Raw("</h2>")
                .Raw("<p class=\"muted\">Created ").Text(summary.Str("createdAt")).Raw(" · mode ").Text(summary.Str("mode")).Raw(" · ").Text(summary.Get("findings")).Raw(" finding(s)</p>");
            body.Raw("<div class=\"table\"><table><caption>Actions</caption><thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Phase</th><th scope=\"col\">Target</th><th scope=\"col\">What it will do</th><th scope=\"col\">Status</th></tr></thead><tbody>");
            foreach (var action in plan.Items("actions"))
            {
                body.Raw("<tr><td>").Text(action.Str("actionKey")).Raw("</td><td>").Text(action.Str("phase")).Raw("</td><td class=\"wrap\">").Text(action.Str("targetKey"))
                    .Raw("</td><td class=\"wrap\">").Text(Describe(action)).Raw("</td><td>").Text(action.Str("status")).Raw("</td></tr>");
            }

            body.Raw("</tbody></table></div><h3>Guard decisions</h3><ul class=\"decisions\">");
            foreach (var d in plan.Items("decisions"))
            {
                var allowed = d.Get("allowed").ValueKind == JsonValueKind.True;
                body.Raw("<li><span class=\"tag ").Raw(allowed ? "ok" : "warn").Raw("\">").Text(allowed ? "allowed" : "refused").Raw("</span> <strong>").Text(d.Str("guard"))
                    .Raw("</strong> ").Text(d.Str("subject")).Raw(": ").Text(d.Str("reason")).Raw("</li>");
            }

            foreach (var s in plan.Items("skipped"))
            {
                body.Raw("<li><span class=\"tag warn\">skipped</span> <strong>").Text(s.Str("guard")).Raw("</strong> ").Text(s.Str("actionKey")).Raw(" on ").Text(s.Str("subject")).Raw(": ").Text(s.Str("reason")).Raw("</li>");
            }

            body.Raw("</ul>");
            if (canDecide)
            {
                var path = "/dashboard/plans/" + Uri.EscapeDataString(id);
                body.Raw("<div class=\"actions\">").Raw(DashboardPage.Form(http, path + "/approve", "Approve plan " + id, "primary"))
                    .Raw(DashboardPage.Form(http, path + "/reject", "Reject plan " + id, "danger")).Raw("</div>");
            }

            body.Raw("</section>");
        }

        if (!any)
        {
            body.Raw("<p>No plan is waiting for a decision.</p>");
        }

        return DashboardPage.Render(http, "Approvals", body);
    }

    /// <summary>One sentence on what an action will change: its key, target, parameters and the addresses it blocks.</summary>
    private static string Describe(JsonElement action)
    {
        var parts = new List<string> { action.Str("actionKey") + " on " + action.Str("targetKey") };
        if (action.Get("parameters") is { ValueKind: JsonValueKind.Object } parameters)
        {
            parts.AddRange(parameters.EnumerateObject().Select(p => p.Name + "=" + Html.Show(p.Value)));
        }

        var blocks = action.Items("blocks").Select(b => b.Str("address") is { Length: > 0 } a ? a : Html.Show(b)).ToList();
        if (blocks.Count > 0)
        {
            parts.Add("blocks " + string.Join(", ", blocks));
        }

        if (action.Str("accountId") is { Length: > 0 } account)
        {
            parts.Add("in " + account + (action.Str("region") is { Length: > 0 } region ? " " + region : string.Empty));
        }

        return string.Join("; ", parts);
    }

    public static Task<IResult> ApproveAsync(HttpContext http, IFormCollection form) => DecideAsync(http, "approve", "approved");

    public static Task<IResult> RejectAsync(HttpContext http, IFormCollection form) => DecideAsync(http, "reject", "rejected");

    private static async Task<IResult> DecideAsync(HttpContext http, string verb, string done)
    {
        var id = (string)http.Request.RouteValues["id"]!;
        var answer = await ApiCall.SendAsync(http, HttpMethods.Post, "/plans/{id}/" + verb, null, new RouteValueDictionary { ["id"] = id }, null).ConfigureAwait(false);
        if (answer.Status == StatusCodes.Status403Forbidden)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var message = answer.Ok
            ? $"Plan {id} {done}" + (verb == "approve" ? $": {answer.Body.Str("executed")} executed, {answer.Body.Str("failed")} failed." : ".")
            : answer.Problem;
        return DashboardPage.Back("/dashboard/approvals", message, !answer.Ok);
    }
}
