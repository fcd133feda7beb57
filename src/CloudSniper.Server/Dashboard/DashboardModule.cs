using System.Threading.RateLimiting;
using CloudSniper.Server.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace CloudSniper.Server.Dashboard;

/// <summary>
/// The web dashboard: a cookie session signed in with an API key, anti-forgery tokens on every form, a rate limit on
/// sign-in attempts, and server-rendered pages over the API's own endpoints.
/// </summary>
public static class DashboardModule
{
    /// <summary>The cookie scheme of dashboard sessions.</summary>
    public const string Scheme = "Dashboard";

    /// <summary>The rate-limit policy of <c>POST /login</c>.</summary>
    public const string SignInLimit = "dashboard-sign-in";

    /// <summary>Sign-in attempts allowed per client address and minute; past them <c>POST /login</c> answers 429.</summary>
    public const int SignInAttemptsPerMinute = 10;

    /// <summary>Dashboard policies: the API policy of the same role, met by the session cookie instead of a bearer key.</summary>
    public const string Viewer = "dashboard-" + ApiPolicies.Viewer;
    public const string Responder = "dashboard-" + ApiPolicies.Responder;
    public const string Admin = "dashboard-" + ApiPolicies.Admin;

    /// <summary>Registers the dashboard's services and queues its endpoints to be mapped with the server's.</summary>
    public static void Add(IServiceCollection services, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddAuthentication().AddCookie(Scheme, c =>
        {
            c.Cookie.Name = "sniper-session";
            c.Cookie.HttpOnly = true;
            c.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the request came over HTTPS; plain HTTP is the loopback default.
            c.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            c.ExpireTimeSpan = TimeSpan.FromHours(8);
            c.SlidingExpiration = true;
            c.LoginPath = "/login";
            c.LogoutPath = "/logout";
            c.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "sniper-antiforgery";
            a.Cookie.SameSite = SameSiteMode.Strict;
            a.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            a.FormFieldName = "__token";
        });
        services.AddOptions<AuthorizationOptions>().PostConfigure(a =>
        {
            foreach (var (name, api) in new[] { (Viewer, ApiPolicies.Viewer), (Responder, ApiPolicies.Responder), (Admin, ApiPolicies.Admin) })
            {
                // The API policy's own requirements, so that a role means the same on a page as on its API route.
                var apiPolicy = a.GetPolicy(api) ?? throw new InvalidOperationException("the API policies are not registered");
                a.AddPolicy(name, new AuthorizationPolicy(apiPolicy.Requirements, [Scheme]));
            }
        });
        services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            r.AddPolicy(SignInLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        options.MapEndpoints.Add(app =>
        {
            app.UseRateLimiter();
            DashboardEndpoints.Map(app);
        });
    }
}
