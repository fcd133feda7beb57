using CloudSniper.Core.Exports;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Api;

/// <summary><c>/api/v1/iocs</c>: search the knowledge base, read an indicator's sightings, export it as a feed.</summary>
internal static class IocEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/iocs", SearchAsync).WithSummary("Search indicators by value (substring), type, source and account");
        api.MapGet("/iocs/export", ExportAsync).WithSummary("Export active indicators as STIX 2.1, CSV or text: the bytes of 'sniper ioc export --format F -o FILE'");
        api.MapGet("/iocs/{value}", GetAsync).WithSummary("One indicator and every sighting");
    }

    private static async Task<IResult> SearchAsync(HttpContext http, IKnowledgeBase store, ServerServices services, string? q, string? type, string? source, string? account, bool? active, int? limit, string? cursor, CancellationToken ct)
    {
        if (!Paging.TryParse(limit, cursor, out var paging, out var error))
        {
            return Problems.BadRequest(error!);
        }

        if (!TryType(type, out var parsed, out var problem))
        {
            return problem!;
        }

        var caller = Caller.From(http.User);
        if (account is not null && !caller.Sees(account))
        {
            return Problems.Forbidden($"account {account} is outside the key's scope");
        }

        var query = new IocQuery(parsed, q, source, active ?? false, services.Time.GetUtcNow(), caller.Unscoped && account is null ? paging.Needed : int.MaxValue, services.IocTtl);
        var page = await paging.TakeAsync(store.ListIocsAsync(query, ct), i => Visible(caller, i) && (account is null || i.Accounts.Contains(account)), ct).ConfigureAwait(false);
        return Results.Json(new { items = page.Items, next = page.Next }, ApiJson.Options);
    }

    private static async Task<IResult> GetAsync(HttpContext http, IKnowledgeBase store, string value, CancellationToken ct)
    {
        var ioc = await store.GetIocAsync(value, ct).ConfigureAwait(false);
        var caller = Caller.From(http.User);
        if (ioc is null)
        {
            return Problems.NotFound($"no indicator '{value}'");
        }

        if (!Visible(caller, ioc))
        {
            return Problems.Forbidden($"indicator '{value}' was seen only in accounts outside the key's scope");
        }

        var sightings = new List<Sighting>();
        await foreach (var s in store.ListSightingsAsync(ioc.Value, ct).ConfigureAwait(false))
        {
            if (caller.Sees(s.AccountId))
            {
                sightings.Add(s);
            }
        }

        return Results.Json(new { ioc, sightings }, ApiJson.Options);
    }

    private static async Task ExportAsync(HttpContext http, IKnowledgeBase store, ServerServices services, string? format, string? type, bool? includeExpired, CancellationToken ct)
    {
        var exporter = IocExporters.Find(format ?? "stix");
        if (exporter is null)
        {
            await Problems.WriteAsync(http, StatusCodes.Status400BadRequest, "Bad Request", $"format must be one of {string.Join(", ", IocExporters.All.Select(e => e.Key))}; got '{format}'").ConfigureAwait(false);
            return;
        }

        if (!TryType(type, out var parsed, out _))
        {
            await Problems.WriteAsync(http, StatusCodes.Status400BadRequest, "Bad Request", $"type must be one of {string.Join(", ", Enum.GetNames<IocType>())}; got '{type}'").ConfigureAwait(false);
            return;
        }

        var caller = Caller.From(http.User);
        var now = services.Time.GetUtcNow();
        var iocs = store.ListIocsAsync(new IocQuery(parsed, ActiveOnly: includeExpired != true, Now: now, Limit: int.MaxValue, Ttl: services.IocTtl), ct);
        http.Response.ContentType = exporter.Key switch
        {
            "stix" => "application/json",
            "csv" => "text/csv; charset=utf-8",
            _ => "text/plain; charset=utf-8",
        };
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"iocs.{(exporter.Key == "stix" ? "json" : exporter.Key)}\"";
        await exporter.WriteAsync(caller.Unscoped ? iocs : Scoped(iocs, caller, ct), http.Response.Body, now, ct).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<Ioc> Scoped(IAsyncEnumerable<Ioc> iocs, Caller caller, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var ioc in iocs.WithCancellation(ct).ConfigureAwait(false))
        {
            if (Visible(caller, ioc))
            {
                yield return ioc;
            }
        }
    }

    /// <summary>A scoped key sees an indicator seen in at least one of its accounts.</summary>
    private static bool Visible(Caller caller, Ioc ioc) => caller.Unscoped || ioc.Accounts.Any(caller.Sees);

    private static bool TryType(string? type, out IocType? parsed, out IResult? problem)
    {
        parsed = null;
        problem = null;
        if (type is null)
        {
            return true;
        }

        if (Enum.TryParse<IocType>(type, ignoreCase: true, out var t) && !int.TryParse(type, out _))
        {
            parsed = t;
            return true;
        }

        problem = Problems.BadRequest($"type must be one of {string.Join(", ", Enum.GetNames<IocType>())}; got '{type}'");
        return false;
    }
}
