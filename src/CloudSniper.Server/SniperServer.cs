using CloudSniper.Core.Access;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response.Store;
using CloudSniper.Server.Api;
using CloudSniper.Server.Health;
using CloudSniper.Server.Intake;
using CloudSniper.Server.Metrics;
using CloudSniper.Server.Hosting;
using CloudSniper.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudSniper.Server;

/// <summary>Builds the <c>sniper serve</c> web application over the stores and pipeline the caller composed.</summary>
public static class SniperServer
{
    /// <summary>
    /// Builds the application: Kestrel on <see cref="ServerOptions.Urls"/> (or no listener with
    /// <see cref="ServerOptions.NoHttp"/>), API-key authentication, the health endpoints and the API.
    /// <paramref name="configure"/> runs last on the builder (tests swap in the in-process server there).
    /// </summary>
    public static WebApplication Build(ServerOptions options, ServerServices services, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(SniperServer).Assembly.GetName().Name });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        // Request lines are the access log's job; the framework's per-request information lines would drown the server's own.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownGrace);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(services);
        builder.Services.AddSingleton(services.KnowledgeBase);
        builder.Services.AddSingleton(services.ResponseStore);
        builder.Services.AddSingleton(services.ApiKeys);
        builder.Services.AddSingleton(services.ReplayGuard);
        builder.Services.AddSingleton(services.Time);
        var readiness = new ReadinessChecks();
        readiness.Add("store", async ct => await services.KnowledgeBase.GetFindingAsync("readyz-probe", ct).ConfigureAwait(false));
        builder.Services.AddSingleton(readiness);

        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddSingleton<ResponseAccess>();
        builder.Services.AddSingleton<FindingIntake>();
        builder.Services.AddSingleton<Consumers.QueueConsumers>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Consumers.QueueConsumers>());
        builder.Services.ConfigureHttpJsonOptions(j =>
        {
            ApiJson.Configure(j.SerializerOptions);
            j.SerializerOptions.MaxDepth = options.MaxJsonDepth;
        });
        builder.Services.AddOpenApi("v1");
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorization(ApiPolicies.Add);

        if (options.NoHttp)
        {
            builder.Services.AddSingleton<IServer, NullServer>();
        }

        Dashboard.DashboardModule.Add(builder.Services, options);
        foreach (var extra in options.ConfigureServices)
        {
            extra(builder.Services);
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        if (options.Queues.Count > 0)
        {
            var consumers = app.Services.GetRequiredService<Consumers.QueueConsumers>();
            readiness.Add("queues", consumers.ProbeAsync);
        }

        var metrics = app.Services.GetRequiredService<ServerMetrics>();
        app.Use(async (context, next) =>
        {
            SecurityHeaders.Apply(context.Response.Headers);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                // Routes, not raw paths, label the histogram, so that ids in paths do not make a series each.
                var route = (context.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                metrics.HttpRequest(context.Request.Method, route, context.Response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        HealthEndpoints.Map(app);
        MetricsEndpoints.Map(app);
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        ApiEndpoints.Map(app);
        foreach (var extra in options.MapEndpoints)
        {
            extra(app);
        }

        return app;
    }
}
