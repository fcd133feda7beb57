using CloudSniper.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Health;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (its store and queues are reachable); neither needs a key.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/readyz", async (ReadinessChecks checks, CancellationToken ct) =>
        {
            var failures = await checks.RunAsync(ct).ConfigureAwait(false);
            return failures.Count == 0
                ? Results.Ok(new { status = "ready" })
                : Results.Json(
                    new { status = "unavailable", failures = failures.Select(f => new { name = f.Name, error = f.Error }) },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
