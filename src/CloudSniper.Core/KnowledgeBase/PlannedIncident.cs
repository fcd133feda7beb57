namespace CloudSniper.Core.KnowledgeBase;

/// <summary>What one commit adds to one incident: its findings with when each was first seen, their types, severity and times.</summary>
public sealed class PlannedIncident
{
    /// <summary>Starts the plan for an incident (its id comes with the key, computed once per finding).</summary>
    public PlannedIncident(IncidentKey incident)
    {
        Kind = incident.Kind;
        Key = incident.Key;
        Id = incident.Id;
    }

    /// <summary>The incident id, <see cref="Incident.IdFor"/> of kind and key.</summary>
    public string Id { get; }

    /// <summary>What the incident groups by.</summary>
    public IncidentKind Kind { get; }

    /// <summary>The grouping key: a resource key or <c>ioc:</c> and a value.</summary>
    public string Key { get; }

    /// <summary>The highest severity among the batch's findings.</summary>
    public double MaxSeverity { get; set; }

    /// <summary>The earliest first-seen time among the batch's findings.</summary>
    public DateTimeOffset FirstSeen { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>The latest last-seen time among the batch's findings.</summary>
    public DateTimeOffset LastSeen { get; set; } = DateTimeOffset.MinValue;

    /// <summary>The account of the first finding that had one.</summary>
    public string? AccountId { get; set; }

    /// <summary>The region of the first finding that had one.</summary>
    public string? Region { get; set; }

    /// <summary>Finding ids and when each was first seen, a time later copies of a finding keep.</summary>
    public Dictionary<string, DateTimeOffset> Findings { get; } = new(StringComparer.Ordinal);

    /// <summary>Raw finding types.</summary>
    public HashSet<string> Types { get; } = new(StringComparer.Ordinal);
}
