namespace CloudSniper.Core.Access;

/// <summary>The outcome of checking a signed feed request.</summary>
public enum FeedVerdict
{
    Valid,
    UnknownFeed,
    MissingHeaders,
    StaleTimestamp,
    BadSignature,
    Replayed,
}
