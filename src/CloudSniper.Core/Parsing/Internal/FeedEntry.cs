namespace CloudSniper.Core.Parsing.Internal;

/// <summary>What a feed line or object says about its indicators, before it becomes a finding.</summary>
internal sealed record FeedEntry(string Id, string Feed, IReadOnlyList<string> Indicators, string Raw, string Origin)
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public int? Confidence { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? FirstSeen { get; init; }

    public DateTimeOffset? LastSeen { get; init; }
}
