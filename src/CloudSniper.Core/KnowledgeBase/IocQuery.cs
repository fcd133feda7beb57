using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>Filters for listing indicators; <see cref="Contains"/> is a case-insensitive substring search.</summary>
public sealed record IocQuery(
    IocType? Type = null,
    string? Contains = null,
    string? Source = null,
    bool ActiveOnly = false,
    DateTimeOffset? Now = null,
    int Limit = 10000);
