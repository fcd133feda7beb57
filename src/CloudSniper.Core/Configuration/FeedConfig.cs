namespace CloudSniper.Core.Configuration;

/// <summary>One signed feed webhook, <c>feeds.NAME</c>.</summary>
public sealed record FeedConfig
{
    /// <summary>The shared HMAC secret (set it through <c>SNIPER_FEEDS__NAME__SECRET</c> rather than in the file).</summary>
    public string? Secret { get; init; }
}
