using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CloudSniper.Server.Dashboard;

/// <summary>The page shell (skip link, navigation, sign-out form) and the pieces every page uses: forms with their token, tables, errors.</summary>
internal static class DashboardPage
{
    private static readonly (string Path, string Label)[] Navigation =
    [
        ("/dashboard", "Overview"),
        ("/dashboard/incidents", "Incidents"),
        ("/dashboard/iocs", "IOCs"),
        ("/dashboard/blocks", "Blocks"),
        ("/dashboard/approvals", "Approvals"),
        ("/dashboard/analytics", "Analytics"),
        ("/dashboard/posture", "Posture"),
        ("/dashboard/jobs", "Jobs"),
        ("/dashboard/keys", "API keys"),
    ];

    /// <summary>A whole page around <paramref name="body"/>.</summary>
    public static IResult Render(HttpContext http, string title, Html body, int status = StatusCodes.Status200OK)
    {
        var page = new Html();
        page.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<meta name=\"htmx-config\" content=\"{&quot;includeIndicatorStyles&quot;:false,&quot;allowEval&quot;:false,&quot;allowScriptTags&quot;:false}\">")
            .Raw("<title>").Text(title).Raw(" · Cloud Sniper</title>")
            .Raw("<link rel=\"stylesheet\" href=\"/dashboard/assets/dashboard.css\">")
            .Raw("<script src=\"/dashboard/assets/vendor/htmx.min.js\" defer></script>")
            .Raw("</head><body><a class=\"skip\" href=\"#main\">Skip to content</a>");
        if (http.User.Identity?.IsAuthenticated == true)
        {
            var caller = Security.Caller.From(http.User);
            page.Raw("<header><nav aria-label=\"Main\"><span class=\"brand\">Cloud Sniper</span><ul>");
            foreach (var (path, label) in Navigation)
            {
                if (path == "/dashboard/keys" && !Allowed(http, DashboardModule.Admin))
                {
                    continue;
                }

                var current = http.Request.Path.Equals(path, StringComparison.Ordinal) || (path != "/dashboard" && http.Request.Path.StartsWithSegments(path));
                page.Raw("<li><a href=\"").Raw(path).Raw(current ? "\" aria-current=\"page\">" : "\">").Text(label).Raw("</a></li>");
            }

            page.Raw("</ul><div class=\"who\"><span>").Text(caller.Name).Raw(" (").Text(caller.Role.ToString().ToLowerInvariant()).Raw(")</span>");
            page.Raw(Form(http, "/logout", "Sign out", "link")).Raw("</div></nav></header>");
        }

        page.Raw("<main id=\"main\" tabindex=\"-1\"><h1>").Text(title).Raw("</h1>").Raw(body.ToString()).Raw("</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>A POST form with the anti-forgery token, hidden fields and one button.</summary>
    public static string Form(HttpContext http, string action, string button, string? buttonClass = null, params (string Name, string Value)[] hidden)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var form = new Html();
        form.Raw("<form method=\"post\" action=\"").Raw(Html.Encode(action)).Raw("\">")
            .Raw("<input type=\"hidden\" name=\"").Raw(Html.Encode(tokens.FormFieldName)).Raw("\" value=\"").Raw(Html.Encode(tokens.RequestToken)).Raw("\">");
        foreach (var (name, value) in hidden)
        {
            form.Raw("<input type=\"hidden\" name=\"").Raw(Html.Encode(name)).Raw("\" value=\"").Raw(Html.Encode(value)).Raw("\">");
        }

        form.Raw("<button type=\"submit\"").Raw(buttonClass is null ? string.Empty : " class=\"" + Html.Encode(buttonClass) + "\"").Raw(">").Text(button).Raw("</button></form>");
        return form.ToString();
    }

    /// <summary>The anti-forgery hidden input alone, for forms with their own fields.</summary>
    public static string Token(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return "<input type=\"hidden\" name=\"" + Html.Encode(tokens.FormFieldName) + "\" value=\"" + Html.Encode(tokens.RequestToken) + "\">";
    }

    /// <summary>True when the signed-in user meets <paramref name="policy"/> (forms are shown only to those who may post them).</summary>
    public static bool Allowed(HttpContext http, string policy) =>
        http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, policy).GetAwaiter().GetResult().Succeeded;

    /// <summary>A notice box (role="status") or an error box (role="alert").</summary>
    public static Html Notice(Html html, string? text, bool error = false) =>
        string.IsNullOrEmpty(text) ? html : html.Raw(error ? "<p class=\"notice error\" role=\"alert\">" : "<p class=\"notice\" role=\"status\">").Text(text).Raw("</p>");

    /// <summary>Redirects back to <paramref name="path"/> with a message shown there.</summary>
    public static IResult Back(string path, string message, bool error = false) =>
        Results.Redirect(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + (error ? "error=" : "done=") + Uri.EscapeDataString(message));

    /// <summary>The message a redirect carried.</summary>
    public static Html Flash(HttpContext http, Html html)
    {
        Notice(html, http.Request.Query["done"]);
        return Notice(html, http.Request.Query["error"], error: true);
    }

    /// <summary>A severity as its band class: high (≥ 7), medium (≥ 4), low.</summary>
    public static string Band(double severity) => severity >= 7 ? "high" : severity >= 4 ? "medium" : "low";
}
