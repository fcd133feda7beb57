using System.Collections.Immutable;

namespace CloudSniper.Core.Iocs;

/// <summary>An indicator of compromise as the knowledge base remembers it.</summary>
public sealed record Ioc
{
    /// <summary>The canonical value (lower-case domain, compressed IPv6, CIDR in prefix form).</summary>
    public required string Value { get; init; }

    public required IocType Type { get; init; }

    public DateTimeOffset FirstSeen { get; init; }

    public DateTimeOffset LastSeen { get; init; }

    /// <summary>Number of sightings: distinct (indicator, finding) pairs, and manual or feed additions.</summary>
    public long Sightings { get; init; }

    /// <summary>Sources that reported it (guardduty, securityhub, feed:NAME, manual, analytics).</summary>
    public ImmutableArray<string> Sources { get; init; } = [];

    public ImmutableArray<string> FindingIds { get; init; } = [];

    public ImmutableArray<string> Accounts { get; init; } = [];

    public ImmutableArray<string> Regions { get; init; } = [];

    /// <summary>Confidence 0–100; the highest seen wins.</summary>
    public int Confidence { get; init; }

    /// <summary>When the indicator stops being exported as active; null never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public string? Description { get; init; }
}
