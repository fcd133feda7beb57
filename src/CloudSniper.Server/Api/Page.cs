namespace CloudSniper.Server.Api;

/// <summary>One page of a list: its items and the cursor of the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
