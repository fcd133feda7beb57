namespace CloudSniper.Core.KnowledgeBase;

/// <summary>Filters for listing incidents.</summary>
public sealed record IncidentQuery(IncidentKind? Kind = null, double? MinSeverity = null, int Limit = 1000);
