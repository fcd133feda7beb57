using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace CloudSniper.Server.Dashboard;

/// <summary>
/// The stylesheet, script and vendored libraries, embedded in the assembly (so the packaged tool carries them and
/// nothing is fetched from a CDN) and served with a long cache lifetime.
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "CloudSniper.Server.Dashboard.wwwroot.";

    private static readonly Assembly Assembly = typeof(DashboardAssets).Assembly;

    /// <summary>The embedded file at <paramref name="name"/> (for example <c>vendor/htmx.min.js</c>), or null.</summary>
    public static byte[]? Read(string name)
    {
        // Manifest names use dots for folders; only names of the shipped set resolve, so a path cannot leave it.
        using var stream = Assembly.GetManifestResourceStream(Prefix + name.Replace('/', '.'));
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static IResult Serve(HttpContext http, string name)
    {
        var bytes = name.Contains("..", StringComparison.Ordinal) ? null : Read(name);
        if (bytes is null)
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=3600";
        var type = Path.GetExtension(name) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "text/plain; charset=utf-8",
        };
        return Results.Bytes(bytes, type);
    }
}
