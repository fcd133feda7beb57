namespace CloudSniper.Core.Analytics;

/// <summary>How records are oriented and which are kept while reading.</summary>
public sealed record FlowAggregatorOptions
{
    /// <summary>The internal networks; when empty, the private address space is internal.</summary>
    public NetworkSet? Internal { get; init; }

    /// <summary>Records that start before this are dropped.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Records that start at or after this are dropped.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>
    /// Records kept per pair; past it only counts grow. 1.4 M covers a strobe's 86,400 connections a day, logged in both
    /// directions, over a 7-day window, so nothing short of a strobe is ever truncated.
    /// </summary>
    public int MaxEventsPerPair { get; init; } = 1_400_000;
}
