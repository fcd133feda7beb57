namespace CloudSniper.Core.KnowledgeBase;

/// <summary>One sighting of an indicator: in a finding, a feed, a hunt or by hand.</summary>
public sealed record Sighting(
    string IocValue,
    string SourceId,
    string Source,
    string Role,
    string? AccountId,
    string? Region,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    long Count);
