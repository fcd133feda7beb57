using System.Text.Json;
using CloudSniper.Core.Findings;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Server.Intake;
using CloudSniper.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Api;

/// <summary><c>/api/v1/findings</c>: submit findings in any format the CLI reads, list and read them.</summary>
internal static class FindingEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/findings", SubmitAsync).RequireAuthorization(ApiPolicies.Responder)
            .WithSummary("Submit findings (GuardDuty, Security Hub/ASFF, Inspector, OCSF, CloudTrail, feeds; one or many, optionally gzip)");
        api.MapGet("/findings", ListAsync).WithSummary("List findings by type, then in the order they were first stored");
        api.MapGet("/findings/{id}", GetAsync).WithSummary("One finding");
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, ServerServices services, ServerOptions options, FindingIntake intake, string? format, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var body = await RequestBodies.ReadAsync(http.Request, options.MaxRequestBodyBytes, ct).ConfigureAwait(false);
        if (body is null)
        {
            return RequestBodies.TooLarge(options.MaxRequestBodyBytes);
        }

        if (RequestBodies.CheckDepth(body, options.MaxJsonDepth) is { } tooDeep)
        {
            return Problems.BadRequest(tooDeep);
        }

        var result = await intake.SubmitAsync(
            FindingIntake.Document("api", body),
            format,
            caller.Unscoped ? null : f => caller.Sees(f.AccountId) ? null : $"account {f.AccountId ?? "(none)"} is outside the key's scope",
            "api",
            ct).ConfigureAwait(false);
        await ApiAudit.WriteAsync(services, caller, "findings.submit", "findings", result.RejectedCount > 0 ? "partial" : "accepted", null, new { accepted = result.Accepted.Count, rejected = result.RejectedCount, plans = result.Plans }, ct).ConfigureAwait(false);
        var view = FindingIntake.View(result);
        return result.Accepted.Count == 0 && result.RejectedCount > 0
            ? Results.Json(view, ApiJson.Options, statusCode: StatusCodes.Status422UnprocessableEntity)
            : Results.Json(view, ApiJson.Options);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IKnowledgeBase store, string? source, string? type, double? minSeverity, string? account, int? limit, string? cursor, CancellationToken ct)
    {
        if (!Paging.TryParse(limit, cursor, out var paging, out var error))
        {
            return Problems.BadRequest(error!);
        }

        FindingSource? parsedSource = null;
        if (source is not null)
        {
            if (!Enum.TryParse<FindingSource>(source, ignoreCase: true, out var s) || int.TryParse(source, out _))
            {
                return Problems.BadRequest($"source must be one of {string.Join(", ", Enum.GetNames<FindingSource>())}; got '{source}'");
            }

            parsedSource = s;
        }

        var caller = Caller.From(http.User);
        if (account is not null && !caller.Sees(account))
        {
            return Problems.Forbidden($"account {account} is outside the key's scope");
        }

        var query = new FindingQuery(parsedSource, type, minSeverity, account, caller.Unscoped || account is not null ? paging.Needed : int.MaxValue);
        var page = await paging.TakeAsync(store.ListFindingsAsync(query, ct), f => caller.Sees(f.AccountId), ct).ConfigureAwait(false);
        return FindingPage(page);
    }

    private static async Task<IResult> GetAsync(HttpContext http, IKnowledgeBase store, string id, CancellationToken ct)
    {
        var finding = await store.GetFindingAsync(id, ct).ConfigureAwait(false);
        if (finding is null)
        {
            return Problems.NotFound($"no finding '{id}'");
        }

        return Caller.From(http.User).Sees(finding.AccountId)
            ? Results.Bytes(FindingJson.ToUtf8Bytes(finding), "application/json")
            : Problems.Forbidden($"finding '{id}' belongs to an account outside the key's scope");
    }

    /// <summary>A page of findings in their stored JSON form.</summary>
    public static IResult FindingPage(Page<Finding> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var finding in page.Items)
            {
                FindingJson.Write(writer, finding);
            }

            writer.WriteEndArray();
            if (page.Next is { } next)
            {
                writer.WriteString("next", next);
            }

            writer.WriteEndObject();
        }

        return Results.Bytes(buffer.ToArray(), "application/json");
    }
}
