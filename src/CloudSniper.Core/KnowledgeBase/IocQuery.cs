using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>
/// Filters for listing indicators; <see cref="Contains"/> is a case-insensitive substring search, and with
/// <see cref="ActiveOnly"/> an indicator is listed only while <see cref="KnowledgeBaseRules.IsActive"/> holds at
/// <see cref="Now"/> for <see cref="Ttl"/> (the configured <c>iocTtlDays</c>; null or zero: no limit from the last sighting).
/// </summary>
public sealed record IocQuery(
    IocType? Type = null,
    string? Contains = null,
    string? Source = null,
    bool ActiveOnly = false,
    DateTimeOffset? Now = null,
    int Limit = 10000,
    TimeSpan? Ttl = null);
