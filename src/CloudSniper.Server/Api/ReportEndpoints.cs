using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Api;

/// <summary>
/// <c>/api/v1/runbook/reports</c>: the runbook reports (HTML and JSON) in the configured reports directory, newest
/// first. Only files directly in that directory are served; a report id is its file name.
/// </summary>
internal static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/runbook/reports", List).WithSummary("Runbook reports in the reports directory, newest first");
        api.MapGet("/runbook/reports/{id}", Get).WithSummary("One runbook report (HTML or JSON)");
    }

    private static IResult List(ServerOptions options, int? limit, string? cursor)
    {
        if (!Paging.TryParse(limit, cursor, out var paging, out var error))
        {
            return Problems.BadRequest(error!);
        }

        var page = paging.Take(Reports(options));
        return Results.Json(
            new { items = page.Items.Select(f => new { id = f.Name, format = Format(f.Name), size = f.Length, modified = new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero) }), next = page.Next },
            ApiJson.Options);
    }

    private static IResult Get(ServerOptions options, string id)
    {
        var report = Reports(options).FirstOrDefault(f => string.Equals(f.Name, id, StringComparison.Ordinal));
        if (report is null)
        {
            return Problems.NotFound($"no report '{id}'");
        }

        // A report is served as a download-safe document: HTML reports are self-contained and the CSP keeps scripts off.
        return Results.File(report.FullName, Format(report.Name) == "html" ? "text/html; charset=utf-8" : "application/json");
    }

    private static List<FileInfo> Reports(ServerOptions options)
    {
        if (options.ReportsDirectory is not { } directory || !Directory.Exists(directory))
        {
            return [];
        }

        return [.. new DirectoryInfo(directory).EnumerateFiles()
            .Where(f => Format(f.Name) is not null)
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    private static string? Format(string name) =>
        name.EndsWith(".html", StringComparison.OrdinalIgnoreCase) ? "html" : name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "json" : null;
}
