using CloudSniper.Core.Access;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Server.Intake;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CloudSniper.Server.Api;

/// <summary>
/// <c>POST /api/v1/feeds/{name}</c>: a third-party feed (IOC list, STIX bundle, CSV, ASFF) authenticated by its HMAC
/// signature instead of an API key. Every refusal is answered 401, logged and audited, and stores nothing.
/// </summary>
internal static partial class FeedEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/feeds/{name}", ReceiveAsync).AllowAnonymous()
            .WithSummary("Receive a signed feed: X-Sniper-Timestamp (Unix seconds) and X-Sniper-Signature: sha256=<hex HMAC-SHA256 of '<timestamp>.<body>'>");

    private static async Task<IResult> ReceiveAsync(HttpContext http, ServerServices services, ServerOptions options, FindingIntake intake, IReplayGuard replay, ILoggerFactory loggers, string name, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("CloudSniper.Server.Feeds");
        var body = await RequestBodies.ReadAsync(http.Request, options.MaxRequestBodyBytes, ct).ConfigureAwait(false);
        if (body is null)
        {
            return RequestBodies.TooLarge(options.MaxRequestBodyBytes);
        }

        var secret = options.FeedSecrets.TryGetValue(name, out var s) ? s : null;
        var verdict = FeedSignature.Verify(
            secret,
            http.Request.Headers[FeedSignature.TimestampHeader],
            http.Request.Headers[FeedSignature.SignatureHeader],
            body,
            services.Time.GetUtcNow(),
            options.FeedSkew,
            out var expiresAt);
        if (verdict == FeedVerdict.Valid && !await replay.TryRecordAsync(name, http.Request.Headers[FeedSignature.SignatureHeader]!, expiresAt, ct).ConfigureAwait(false))
        {
            verdict = FeedVerdict.Replayed;
        }

        if (verdict != FeedVerdict.Valid)
        {
            var reason = verdict switch
            {
                FeedVerdict.UnknownFeed => "unknown feed",
                FeedVerdict.MissingHeaders => $"missing {FeedSignature.TimestampHeader} or {FeedSignature.SignatureHeader}",
                FeedVerdict.StaleTimestamp => $"timestamp missing, malformed or more than {options.FeedSkew.TotalMinutes:0} minutes away from the server's clock",
                FeedVerdict.Replayed => "signature already used (replay)",
                _ => "bad signature",
            };
            LogRefused(logger, name, reason, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            await services.KnowledgeBase.AppendAuditAsync(
                new AuditEntry(Guid.NewGuid().ToString("n"), services.Time.GetUtcNow(), "feed:" + name, "feed.refused", "feed:" + name, verdict.ToString().ToLowerInvariant(), null,
                    System.Text.Json.JsonSerializer.Serialize(new { reason, remote = http.Connection.RemoteIpAddress?.ToString(), bytes = body.Length }, ApiJson.Options)),
                ct).ConfigureAwait(false);
            http.Response.Headers.WWWAuthenticate = "HMAC-SHA256";
            return Problems.Result(StatusCodes.Status401Unauthorized, "Unauthorized", reason);
        }

        if (RequestBodies.CheckDepth(body, options.MaxJsonDepth) is { } tooDeep)
        {
            return Problems.BadRequest(tooDeep);
        }

        var result = await intake.SubmitAsync(FindingIntake.Document("feed:" + name, body), null, null, "feed:" + name, ct).ConfigureAwait(false);
        await services.KnowledgeBase.AppendAuditAsync(
            new AuditEntry(Guid.NewGuid().ToString("n"), services.Time.GetUtcNow(), "feed:" + name, "feed.received", "feed:" + name, result.RejectedCount > 0 ? "partial" : "accepted", null, FindingIntake.AuditDetails(result)),
            ct).ConfigureAwait(false);
        var view = FindingIntake.View(result);
        return result.Accepted.Count == 0 && result.RejectedCount > 0
            ? Results.Json(view, ApiJson.Options, statusCode: StatusCodes.Status422UnprocessableEntity)
            : Results.Json(view, ApiJson.Options);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "feed {Feed}: refused request from {Remote}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string feed, string reason, string remote);
}
