namespace CloudSniper.Core.KnowledgeBase;

/// <summary>Filters for reading the audit log, oldest first.</summary>
public sealed record AuditQuery(string? Subject = null, string? FindingId = null, DateTimeOffset? Since = null, int Limit = 10000);
