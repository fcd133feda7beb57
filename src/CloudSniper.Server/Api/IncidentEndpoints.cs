using System.Text;
using System.Text.Json;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response;
using CloudSniper.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Api;

/// <summary>
/// <c>/api/v1/incidents</c>: list, detail with its timeline and NIST phase, notes and closing. Notes and closing are
/// audit entries on subject <c>incident:ID</c>, so every instance sees them and their history is never lost.
/// </summary>
internal static class IncidentEndpoints
{
    private const int MaxNoteLength = 10_000;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/incidents", ListAsync).WithSummary("List incidents, most recently active first");
        api.MapGet("/incidents/{id}", GetAsync).WithSummary("One incident: its findings, timeline of findings, actions and notes, and NIST phase");
        api.MapPost("/incidents/{id}/notes", AddNoteAsync).RequireAuthorization(ApiPolicies.Responder).WithSummary("Add a note to an incident");
        api.MapPost("/incidents/{id}/close", CloseAsync).RequireAuthorization(ApiPolicies.Responder).WithSummary("Close an incident");
    }

    private static async Task<IResult> ListAsync(HttpContext http, IKnowledgeBase store, string? kind, double? minSeverity, string? status, int? limit, string? cursor, CancellationToken ct)
    {
        if (!Paging.TryParse(limit, cursor, out var paging, out var error))
        {
            return Problems.BadRequest(error!);
        }

        IncidentKind? parsedKind = null;
        if (kind is not null)
        {
            if (!Enum.TryParse<IncidentKind>(kind, ignoreCase: true, out var k) || int.TryParse(kind, out _))
            {
                return Problems.BadRequest($"kind must be one of {string.Join(", ", Enum.GetNames<IncidentKind>())}; got '{kind}'");
            }

            parsedKind = k;
        }

        if (status is not (null or "open" or "closed"))
        {
            return Problems.BadRequest($"status must be open or closed; got '{status}'");
        }

        var caller = Caller.From(http.User);
        var closed = status is null ? null : await ClosedIncidentsAsync(store, ct).ConfigureAwait(false);
        var query = new IncidentQuery(parsedKind, minSeverity, caller.Unscoped && status is null ? paging.Needed : int.MaxValue);
        var page = await paging.TakeAsync(
            store.ListIncidentsAsync(query, ct),
            i => caller.Sees(i.AccountId) && (closed is null || closed.Contains(i.Id) == (status == "closed")),
            ct).ConfigureAwait(false);
        if (closed is null)
        {
            // Without a status filter only the page's incidents need their closing looked up, one audit query each.
            closed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var incident in page.Items)
            {
                if (await IsClosedAsync(store, incident.Id, ct).ConfigureAwait(false))
                {
                    closed.Add(incident.Id);
                }
            }
        }

        return Results.Json(new { items = page.Items.Select(i => Summary(i, closed.Contains(i.Id))), next = page.Next }, ApiJson.Options);
    }

    private static async Task<IResult> GetAsync(HttpContext http, IKnowledgeBase store, string id, CancellationToken ct)
    {
        var incident = await store.GetIncidentAsync(id, ct).ConfigureAwait(false);
        if (incident is null)
        {
            return Problems.NotFound($"no incident '{id}'");
        }

        if (!Caller.From(http.User).Sees(incident.AccountId))
        {
            return Problems.Forbidden($"incident '{id}' belongs to an account outside the key's scope");
        }

        var timeline = new List<TimelineEvent>();
        var findings = new List<object>();
        var phase = NistPhase.DetectionAndAnalysis;
        foreach (var findingId in incident.FindingIds)
        {
            if (await store.GetFindingAsync(findingId, ct).ConfigureAwait(false) is { } f)
            {
                findings.Add(new { f.Id, source = f.Source, type = f.Type.Raw, f.Severity, f.Title, f.AccountId, f.Region, f.FirstSeen, f.LastSeen });
                timeline.Add(new TimelineEvent(f.FirstSeen ?? f.UpdatedAt ?? incident.FirstSeen, "finding", f.Title, f.Id, null, null));
            }

            await foreach (var entry in store.ListAuditAsync(new AuditQuery(FindingId: findingId), ct).ConfigureAwait(false))
            {
                var entryPhase = PhaseOf(entry);
                timeline.Add(new TimelineEvent(entry.Time, "action", entry.Action + " " + entry.Subject, findingId, entry.Outcome, entryPhase is { } p ? NistPhases.Name(p) : null));
                if (entry.Outcome == "executed" && entryPhase is { } executed && executed > phase)
                {
                    phase = executed;
                }
            }
        }

        var closed = false;
        await foreach (var entry in store.ListAuditAsync(new AuditQuery(Subject: Subject(id)), ct).ConfigureAwait(false))
        {
            var text = Text(entry);
            timeline.Add(new TimelineEvent(entry.Time, entry.Action == "incident.close" ? "closed" : "note", text, null, entry.Actor, null));
            closed |= entry.Action == "incident.close";
        }

        if (closed)
        {
            phase = NistPhase.PostIncident;
        }

        return Results.Json(
            new
            {
                incident = Summary(incident, closed),
                phase = NistPhases.Name(phase),
                findings,
                timeline = timeline.OrderBy(e => e.Time).Select(e => new { time = e.Time, kind = e.Kind, text = e.Text, findingId = e.FindingId, by = e.By, phase = e.Phase }),
            },
            ApiJson.Options);
    }

    private static async Task<IResult> AddNoteAsync(HttpContext http, ServerServices services, ServerOptions options, string id, CancellationToken ct)
    {
        var (incident, problem) = await FindWritableAsync(http, services.KnowledgeBase, id, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var body = await RequestBodies.ReadAsync(http.Request, options.MaxRequestBodyBytes, ct).ConfigureAwait(false);
        if (body is null)
        {
            return RequestBodies.TooLarge(options.MaxRequestBodyBytes);
        }

        string? text;
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth });
            text = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest("the body is not valid JSON: " + ex.Message);
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxNoteLength)
        {
            return Problems.BadRequest($"the body must be {{\"text\": \"…\"}} with 1 to {MaxNoteLength:N0} characters");
        }

        var caller = Caller.From(http.User);
        await ApiAudit.WriteAsync(services, caller, "incident.note", Subject(incident!.Id), "noted", null, new { text }, ct).ConfigureAwait(false);
        return Results.Json(new { incident = incident.Id, text, by = caller.Actor }, ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> CloseAsync(HttpContext http, ServerServices services, string id, CancellationToken ct)
    {
        var (incident, problem) = await FindWritableAsync(http, services.KnowledgeBase, id, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (await IsClosedAsync(services.KnowledgeBase, incident!.Id, ct).ConfigureAwait(false))
        {
            return Problems.Conflict($"incident '{id}' is already closed");
        }

        var caller = Caller.From(http.User);
        await ApiAudit.WriteAsync(services, caller, "incident.close", Subject(incident.Id), "closed", null, new { text = "closed" }, ct).ConfigureAwait(false);
        return Results.Json(new { incident = incident.Id, status = "closed", by = caller.Actor }, ApiJson.Options);
    }

    private static async Task<(Incident? Incident, IResult? Problem)> FindWritableAsync(HttpContext http, IKnowledgeBase store, string id, CancellationToken ct)
    {
        var incident = await store.GetIncidentAsync(id, ct).ConfigureAwait(false);
        if (incident is null)
        {
            return (null, Problems.NotFound($"no incident '{id}'"));
        }

        return Caller.From(http.User).Sees(incident.AccountId)
            ? (incident, null)
            : (null, Problems.Forbidden($"incident '{id}' belongs to an account outside the key's scope"));
    }

    private static async Task<HashSet<string>> ClosedIncidentsAsync(IKnowledgeBase store, CancellationToken ct)
    {
        var closed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entry in store.ListAuditAsync(new AuditQuery(Limit: int.MaxValue), ct).ConfigureAwait(false))
        {
            if (entry.Action == "incident.close" && entry.Subject.StartsWith("incident:", StringComparison.Ordinal))
            {
                closed.Add(entry.Subject["incident:".Length..]);
            }
        }

        return closed;
    }

    private static async Task<bool> IsClosedAsync(IKnowledgeBase store, string id, CancellationToken ct)
    {
        await foreach (var entry in store.ListAuditAsync(new AuditQuery(Subject: Subject(id)), ct).ConfigureAwait(false))
        {
            if (entry.Action == "incident.close")
            {
                return true;
            }
        }

        return false;
    }

    private static object Summary(Incident i, bool closed) => new
    {
        id = i.Id,
        kind = i.Kind,
        key = i.Key,
        status = closed ? "closed" : i.Status,
        maxSeverity = i.MaxSeverity,
        band = i.Band,
        accountId = i.AccountId,
        region = i.Region,
        firstSeen = i.FirstSeen,
        lastSeen = i.LastSeen,
        types = i.Types,
        findingIds = i.FindingIds,
    };

    private static string Subject(string id) => "incident:" + id;

    private static string? Text(AuditEntry entry)
    {
        try
        {
            using var doc = JsonDocument.Parse(entry.Details);
            return doc.RootElement.TryGetProperty("text", out var t) ? t.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static NistPhase? PhaseOf(AuditEntry entry)
    {
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes(entry.Details));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("phase", out var p) && NistPhases.TryParse(p.GetString(), out var phase) ? phase : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record TimelineEvent(DateTimeOffset Time, string Kind, string? Text, string? FindingId, string? By, string? Phase);
}
