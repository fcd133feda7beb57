using CloudSniper.Core.Findings;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Api;

/// <summary><c>/api/v1/audit</c> and <c>/api/v1/beacons</c>: the audit log and the stored beacon findings.</summary>
internal static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAuditAsync).WithSummary("The audit log, oldest first; a scoped key sees only entries of findings in its accounts");
        api.MapGet("/beacons", ListBeaconsAsync).WithSummary("Beacon findings from flow-log analytics");
    }

    private static async Task<IResult> ListAuditAsync(HttpContext http, IKnowledgeBase store, string? subject, string? findingId, DateTimeOffset? since, int? limit, string? cursor, CancellationToken ct)
    {
        if (!Paging.TryParse(limit, cursor, out var paging, out var error))
        {
            return Problems.BadRequest(error!);
        }

        var caller = Caller.From(http.User);
        var accounts = new Dictionary<string, string?>(StringComparer.Ordinal);
        var entries = store.ListAuditAsync(new AuditQuery(subject, findingId, since, caller.Unscoped ? paging.Needed : int.MaxValue), ct);
        if (caller.Unscoped)
        {
            var all = await paging.TakeAsync(entries, _ => true, ct).ConfigureAwait(false);
            return Results.Json(new { items = all.Items, next = all.Next }, ApiJson.Options);
        }

        // A scoped key sees an entry only through the finding it is about, so entries without one stay hidden.
        var visible = new List<AuditEntry>();
        await foreach (var entry in entries.ConfigureAwait(false))
        {
            if (entry.FindingId is not { } id)
            {
                continue;
            }

            if (!accounts.TryGetValue(id, out var account))
            {
                account = (await store.GetFindingAsync(id, ct).ConfigureAwait(false))?.AccountId;
                accounts[id] = account;
            }

            if (caller.Sees(account))
            {
                visible.Add(entry);
            }
        }

        var page = paging.Take(visible);
        return Results.Json(new { items = page.Items, next = page.Next }, ApiJson.Options);
    }

    private static async Task<IResult> ListBeaconsAsync(HttpContext http, IKnowledgeBase store, int? limit, string? cursor, CancellationToken ct)
    {
        if (!Paging.TryParse(limit, cursor, out var paging, out var error))
        {
            return Problems.BadRequest(error!);
        }

        var caller = Caller.From(http.User);
        var query = new FindingQuery(FindingSource.Analytics, Limit: caller.Unscoped ? paging.Needed : int.MaxValue);
        var page = await paging.TakeAsync(store.ListFindingsAsync(query, ct), f => caller.Sees(f.AccountId), ct).ConfigureAwait(false);
        return FindingEndpoints.FindingPage(page);
    }
}
