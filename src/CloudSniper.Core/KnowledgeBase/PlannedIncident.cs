namespace CloudSniper.Core.KnowledgeBase;

/// <summary>What one commit adds to one incident: its findings with when each was last seen, their types, severity and times.</summary>
public sealed class PlannedIncident
{
    /// <summary>Starts the plan for the incident of <paramref name="kind"/> and <paramref name="key"/>.</summary>
    public PlannedIncident(IncidentKind kind, string key)
    {
        Kind = kind;
        Key = key;
        Id = Incident.IdFor(kind, key);
    }

    public string Id { get; }

    public IncidentKind Kind { get; }

    public string Key { get; }

    public double MaxSeverity { get; set; }

    public DateTimeOffset FirstSeen { get; set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset LastSeen { get; set; } = DateTimeOffset.MinValue;

    public string? AccountId { get; set; }

    public string? Region { get; set; }

    /// <summary>Finding ids and when each was last seen.</summary>
    public Dictionary<string, DateTimeOffset> Findings { get; } = new(StringComparer.Ordinal);

    /// <summary>Raw finding types.</summary>
    public HashSet<string> Types { get; } = new(StringComparer.Ordinal);
}
