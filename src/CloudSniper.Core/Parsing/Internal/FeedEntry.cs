namespace CloudSniper.Core.Parsing.Internal;

/// <summary>What a feed line or object says about its indicators, before it becomes a finding.</summary>
/// <remarks>The optional properties hold the <see cref="Findings.Finding"/> property of the same name; absent ones are derived from the others.</remarks>
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
