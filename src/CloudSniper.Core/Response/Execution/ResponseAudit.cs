using System.Globalization;
using System.Text.Json;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Execution;

/// <summary>Builds the audit entries of the response engine: planned, skipped, executed, failed, undone, expired.</summary>
public static class ResponseAudit
{
    /// <summary>The audit actor of automated responses.</summary>
    public const string Actor = "cloudsniper:response";

    /// <summary>An entry about a planned action (outcome planned, awaiting-approval or observed).</summary>
    public static AuditEntry Planned(PlannedAction action, ResponsePlan plan, string outcome, DateTimeOffset at) =>
        Entry(at, "response." + outcome, action.TargetKey, outcome, action.FindingIds.FirstOrDefault(), w =>
        {
            Common(w, plan.Id, action);
            w.WriteString("mode", plan.Mode.ToString().ToLowerInvariant());
            w.WriteNumber("addresses", action.Blocks.Length);
            w.WriteStartArray("blocks");
            foreach (var b in action.Blocks.Take(50))
            {
                w.WriteStringValue($"{b.Address} ttl {Durations.Format(b.Ttl)}");
            }

            w.WriteEndArray();
        });

    /// <summary>An entry about a skipped action, with the guard's reason.</summary>
    public static AuditEntry Skipped(SkippedAction skipped, string planId, DateTimeOffset at) =>
        Entry(at, "response.skipped", skipped.Subject, "skipped", skipped.FindingId, w =>
        {
            w.WriteString("planId", planId);
            w.WriteString("rule", skipped.Rule);
            w.WriteString("actionKey", skipped.ActionKey);
            w.WriteString("guard", skipped.Guard);
            w.WriteString("reason", skipped.Reason);
        });

    /// <summary>An entry about an executed, failed or partial action with its before and after state and duration.</summary>
    public static AuditEntry Executed(PlannedAction action, string planId, ActionOutcome outcome, TimeSpan duration, DateTimeOffset at, string verb = "executed") =>
        Entry(at, "response." + (outcome.Status == ActionStatus.Executed ? verb : outcome.Status.ToString().ToLowerInvariant()), action.TargetKey, outcome.Status.ToString().ToLowerInvariant(), action.FindingIds.FirstOrDefault(), w =>
        {
            Common(w, planId, action);
            w.WriteString("message", outcome.Message);
            w.WriteNumber("durationMs", Math.Round(duration.TotalMilliseconds, 1));
            if (outcome.ErrorCode is not null)
            {
                w.WriteString("errorCode", outcome.ErrorCode);
            }

            if (outcome.MissingPermission is not null)
            {
                w.WriteString("missingPermission", outcome.MissingPermission);
            }

            Raw(w, "before", outcome.Before);
            Raw(w, "after", outcome.After);
        });

    /// <summary>An entry for a plan-level notice (blast-radius cap, …).</summary>
    public static AuditEntry Notice(string planId, string notice, DateTimeOffset at) =>
        Entry(at, "response.notice", planId, "notice", null, w => w.WriteString("notice", notice));

    private static void Common(Utf8JsonWriter w, string planId, PlannedAction action)
    {
        w.WriteString("planId", planId);
        w.WriteString("actionId", action.Id);
        w.WriteString("actionKey", action.ActionKey);
        w.WriteString("phase", NistPhases.Name(action.Phase));
        w.WriteString("rules", string.Join(", ", action.Rules));
        w.WriteStartArray("findingIds");
        foreach (var id in action.FindingIds.Take(100))
        {
            w.WriteStringValue(id);
        }

        w.WriteEndArray();
        w.WriteStartObject("parameters");
        foreach (var (k, v) in action.Parameters)
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }

    private static void Raw(Utf8JsonWriter w, string name, string? json)
    {
        if (json is null)
        {
            return;
        }

        w.WritePropertyName(name);
        try
        {
            using var doc = JsonDocument.Parse(json);
            doc.RootElement.WriteTo(w);
        }
        catch (JsonException)
        {
            w.WriteStringValue(json);
        }
    }

    private static AuditEntry Entry(DateTimeOffset at, string action, string subject, string outcome, string? findingId, Action<Utf8JsonWriter> details)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            details(w);
            w.WriteEndObject();
        }

        var id = "aud-" + Guid.CreateVersion7(at).ToString("N", CultureInfo.InvariantCulture);
        return new AuditEntry(id, at, Actor, action, subject, outcome, findingId, System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
