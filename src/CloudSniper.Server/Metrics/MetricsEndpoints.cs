using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Metrics;

/// <summary><c>GET /metrics</c>: Prometheus text, no key (bind the server to a private address or filter it at the proxy).</summary>
internal static class MetricsEndpoints
{
    /// <summary>The media type of the Prometheus text exposition format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", (ServerMetrics metrics) => Results.Text(metrics.Render(), ContentType)).AllowAnonymous().ExcludeFromDescription();
}
