using System.Collections.Immutable;
using CloudSniper.Core.Findings;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>Findings grouped by one affected resource (<c>Instance:i-…</c>) or one indicator (<c>ioc:1.2.3.4</c>).</summary>
public sealed record Incident
{
    /// <summary>A stable id derived from <see cref="Kind"/> and <see cref="Key"/>.</summary>
    public required string Id { get; init; }

    public required IncidentKind Kind { get; init; }

    public required string Key { get; init; }

    public ImmutableArray<string> FindingIds { get; init; } = [];

    public ImmutableArray<string> Types { get; init; } = [];

    public double MaxSeverity { get; init; }

    public SeverityBand Band => Severity.BandOf(MaxSeverity);

    public DateTimeOffset FirstSeen { get; init; }

    public DateTimeOffset LastSeen { get; init; }

    public string? AccountId { get; init; }

    public string? Region { get; init; }

    /// <summary>Open, contained, resolved.</summary>
    public string Status { get; init; } = "open";

    /// <summary>The incident id for a grouping key: <c>inc-</c> and 16 hex digits of its SHA-256.</summary>
    public static string IdFor(IncidentKind kind, string key)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(kind + "|" + key));
        return "inc-" + Convert.ToHexStringLower(bytes.AsSpan(0, 8));
    }
}
