using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CloudSniper.Server.Dashboard;

/// <summary>
/// Runs an <c>/api/v1</c> endpoint in-process as the signed-in user, so that every page and form of the dashboard
/// applies exactly the API's rules (account scope, state checks, auditing) instead of a copy of them. The dashboard
/// route in front of it has already required the API route's role.
/// </summary>
internal static class ApiCall
{
    /// <summary>Status and parsed body of one call; <see cref="Body"/> is undefined when the answer is not JSON.</summary>
    public sealed record Answer(int Status, JsonElement Body)
    {
        public bool Ok => Status is >= 200 and < 300;

        /// <summary>The problem detail of a failed call, or its status.</summary>
        public string Problem => Body.Str("detail") is { Length: > 0 } d ? d : "the request failed with status " + Status;
    }

    public static Task<Answer> GetAsync(HttpContext http, string pattern, string? query = null, RouteValueDictionary? route = null) =>
        SendAsync(http, HttpMethods.Get, pattern, query, route, null);

    /// <summary>Calls the endpoint whose route pattern (after <c>/api/v1</c>) and method are given.</summary>
    public static async Task<Answer> SendAsync(HttpContext http, string method, string pattern, string? query, RouteValueDictionary? route, object? body)
    {
        ArgumentNullException.ThrowIfNull(http);
        var fullPattern = Api.ApiEndpoints.Prefix + pattern;
        var endpoint = http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .FirstOrDefault(e => string.Equals(e.RoutePattern.RawText, fullPattern, StringComparison.Ordinal)
                && (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(method, StringComparer.OrdinalIgnoreCase) ?? false))
            ?? throw new InvalidOperationException($"no API endpoint {method} {fullPattern}");

        var call = new DefaultHttpContext { RequestServices = http.RequestServices, User = http.User };
        call.Request.Method = method;
        call.Request.Scheme = http.Request.Scheme;
        call.Request.Host = http.Request.Host;
        call.Request.Path = fullPattern;
        call.Request.QueryString = query is null ? QueryString.Empty : new QueryString("?" + query);
        call.RequestAborted = http.RequestAborted;
        call.SetEndpoint(endpoint);
        foreach (var (name, value) in route ?? [])
        {
            call.Request.RouteValues[name] = value;
        }

        if (body is not null)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
            call.Request.ContentType = "application/json";
            call.Request.ContentLength = bytes.Length;
            call.Request.Body = new MemoryStream(bytes);
        }

        using var output = new MemoryStream();
        call.Response.Body = output;
        await endpoint.RequestDelegate!(call).ConfigureAwait(false);
        var json = default(JsonElement);
        if (output.Length > 0 && call.Response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var doc = JsonDocument.Parse(output.ToArray());
            json = doc.RootElement.Clone();
        }

        return new Answer(call.Response.StatusCode, json);
    }

    /// <summary>The raw bytes and media type of a GET (for runbook reports in HTML).</summary>
    public static async Task<(int Status, string? ContentType, byte[] Body)> GetRawAsync(HttpContext http, string pattern, RouteValueDictionary route)
    {
        var fullPattern = Api.ApiEndpoints.Prefix + pattern;
        var endpoint = http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .First(e => string.Equals(e.RoutePattern.RawText, fullPattern, StringComparison.Ordinal));
        var call = new DefaultHttpContext { RequestServices = http.RequestServices, User = http.User };
        call.Request.Method = HttpMethods.Get;
        call.Request.Path = fullPattern;
        call.RequestAborted = http.RequestAborted;
        call.SetEndpoint(endpoint);
        foreach (var (name, value) in route)
        {
            call.Request.RouteValues[name] = value;
        }

        using var output = new MemoryStream();
        call.Response.Body = output;
        await endpoint.RequestDelegate!(call).ConfigureAwait(false);
        return (call.Response.StatusCode, call.Response.ContentType, output.ToArray());
    }

    /// <summary>A query string from name/value pairs, skipping empty values.</summary>
    public static string Query(params (string Name, string? Value)[] pairs) =>
        string.Join('&', pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));

}
