using System.Security.Claims;
using CloudSniper.Server.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CloudSniper.Server.Dashboard;

/// <summary>
/// The dashboard's routes: <c>/login</c>, <c>/logout</c>, the embedded assets and the pages under <c>/dashboard</c>.
/// Every POST checks its anti-forgery token first (400 without a valid one); every page needs a session.
/// </summary>
internal static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/dashboard")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/login", LoginPage).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/login", (Delegate)SignInAsync).AllowAnonymous().RequireRateLimiting(DashboardModule.SignInLimit).ExcludeFromDescription();
        app.MapPost("/logout", Guarded(async (http, _) =>
        {
            await http.SignOutAsync(DashboardModule.Scheme).ConfigureAwait(false);
            return Results.Redirect("/login");
        })).RequireAuthorization(DashboardModule.Viewer).ExcludeFromDescription();
        app.MapGet("/dashboard/assets/{**name}", DashboardAssets.Serve).AllowAnonymous().ExcludeFromDescription();

        var pages = app.MapGroup("/dashboard").RequireAuthorization(DashboardModule.Viewer).ExcludeFromDescription();
        pages.MapGet("/", OverviewPage.RenderAsync);
        pages.MapGet("/events/incidents", (Delegate)IncidentPages.RowsAsync);
        pages.MapGet("/incidents", IncidentPages.ListAsync);
        pages.MapGet("/incidents/{id}", IncidentPages.DetailAsync);
        pages.MapPost("/incidents/{id}/notes", Guarded(IncidentPages.NoteAsync)).RequireAuthorization(DashboardModule.Responder);
        pages.MapPost("/incidents/{id}/close", Guarded(IncidentPages.CloseAsync)).RequireAuthorization(DashboardModule.Responder);
        pages.MapGet("/iocs", IocPages.SearchAsync);
        pages.MapGet("/iocs/{**value}", IocPages.DetailAsync);
        pages.MapGet("/blocks", BlockPages.ListAsync);
        pages.MapPost("/blocks/unblock", Guarded(BlockPages.UnblockAsync)).RequireAuthorization(DashboardModule.Responder);
        pages.MapGet("/approvals", (Delegate)ApprovalPages.ListAsync);
        pages.MapPost("/plans/{id}/approve", Guarded(ApprovalPages.ApproveAsync)).RequireAuthorization(DashboardModule.Responder);
        pages.MapPost("/plans/{id}/reject", Guarded(ApprovalPages.RejectAsync)).RequireAuthorization(DashboardModule.Responder);
        pages.MapGet("/analytics", (Delegate)AnalyticsPage.RenderAsync);
        pages.MapGet("/posture", (Delegate)PosturePages.ListAsync);
        pages.MapGet("/posture/reports/{id}", PosturePages.ReportAsync);
        pages.MapGet("/jobs", (Delegate)JobsPage.RenderAsync);
        pages.MapGet("/keys", KeysPage.RenderAsync).RequireAuthorization(DashboardModule.Admin);
    }

    /// <summary>A form handler behind the anti-forgery check: a missing or wrong token is answered 400 and nothing runs.</summary>
    private static Delegate Guarded(Func<HttpContext, IFormCollection, Task<IResult>> handler) => async (HttpContext http) =>
    {
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        if (!http.Request.HasFormContentType)
        {
            return Results.BadRequest("a form body is required");
        }

        try
        {
            await antiforgery.ValidateRequestAsync(http).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Text("the form's anti-forgery token is missing or invalid; reload the page and try again", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        return await handler(http, form).ConfigureAwait(false);
    };

    private static IResult LoginPage(HttpContext http, string? error = null)
    {
        var body = new Html();
        DashboardPage.Notice(body, error, error: true);
        body.Raw("<form method=\"post\" action=\"/login\" class=\"login\">").Raw(DashboardPage.Token(http))
            .Raw("<label for=\"key\">API key</label>")
            .Raw("<input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"current-password\" required autofocus>")
            .Raw("<button type=\"submit\">Sign in</button></form>")
            .Raw("<p class=\"hint\">Create a key with <code>sniper apikey create --name NAME --role viewer</code>, or start the server with <code>SNIPER_API_KEY</code> set.</p>");
        return DashboardPage.Render(http, "Sign in", body, error is null ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized);
    }

    /// <summary>
    /// Checks the key with the API's own authentication handler (stored keys by hash, the <c>SNIPER_API_KEY</c> key,
    /// revocation) and copies the identity it yields (name, role, accounts) into the session cookie.
    /// </summary>
    private static async Task<IResult> SignInAsync(HttpContext http)
    {
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            return Results.Text("the form's anti-forgery token is missing or invalid; reload the page and try again", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var key = form["key"].ToString().Trim();
        if (key.Length == 0)
        {
            return LoginPage(http, "Enter an API key.");
        }

        // A scope of its own: the handler provider caches one handler per scheme and request, already bound to this one.
        using var scope = http.RequestServices.CreateScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = http.RequestAborted };
        probe.Request.Headers.Authorization = "Bearer " + key;
        var result = await probe.AuthenticateAsync(ApiKeyAuthentication.SchemeName).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return LoginPage(http, "That key is not valid.");
        }

        var identity = new ClaimsIdentity(result.Principal.Claims, DashboardModule.Scheme);
        await http.SignInAsync(DashboardModule.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false }).ConfigureAwait(false);
        return Results.Redirect("/dashboard");
    }
}
