namespace CloudSniper.Core.Runbook.Model;

/// <summary>The CloudTrail review: per-event aggregates and the lists a reviewer reads.</summary>
public sealed record CloudTrailSection
{
    /// <summary>Records reviewed.</summary>
    public long Records { get; init; }

    public DateTimeOffset? FirstEvent { get; init; }

    public DateTimeOffset? LastEvent { get; init; }

    /// <summary>One entry per event source and name, most frequent first.</summary>
    public IReadOnlyList<EventSummary> Events { get; init; } = [];

    public IReadOnlyList<ConsoleChange> ConsoleChanges { get; init; } = [];

    public IReadOnlyList<ConsoleLogin> ConsoleLogins { get; init; } = [];

    public IReadOnlyList<RootAction> RootActivity { get; init; } = [];

    public IReadOnlyList<UnusualUserAgent> UnusualUserAgents { get; init; } = [];

    public IReadOnlyList<PrincipalUserAgents> PrincipalUserAgents { get; init; } = [];

    public IReadOnlyList<AccessDeniedBurst> AccessDeniedBursts { get; init; } = [];

    /// <summary>Items beyond the per-list cap, by list name (they are counted, not listed).</summary>
    public IReadOnlyDictionary<string, long> NotListed { get; init; } = new Dictionary<string, long>();
}
