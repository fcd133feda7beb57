using CloudSniper.Core.Findings;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>Filters for listing findings; null means any.</summary>
public sealed record FindingQuery(
    FindingSource? Source = null,
    string? TypePrefix = null,
    double? MinSeverity = null,
    string? AccountId = null,
    int Limit = 1000);
