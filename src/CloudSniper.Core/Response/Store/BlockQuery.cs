namespace CloudSniper.Core.Response.Store;

/// <summary>Filters for listing blocks; by default only blocks still in place.</summary>
public sealed record BlockQuery(
    string? Address = null,
    string? Kind = null,
    string? Target = null,
    bool IncludeRemoved = false,
    DateTimeOffset? ExpiredBefore = null,
    int Limit = 100_000);
