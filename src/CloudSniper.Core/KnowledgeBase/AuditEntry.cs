namespace CloudSniper.Core.KnowledgeBase;

/// <summary>
/// One append-only audit record: who did what to which subject, with what outcome. <see cref="Details"/> is a
/// JSON document (parameters, before and after state, duration, guard reasons).
/// </summary>
public sealed record AuditEntry(
    string Id,
    DateTimeOffset Time,
    string Actor,
    string Action,
    string Subject,
    string Outcome,
    string? FindingId,
    string Details);
