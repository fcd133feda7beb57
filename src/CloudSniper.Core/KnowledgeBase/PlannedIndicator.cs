using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>What one commit adds to one indicator, merged over every finding of the batch that carries it.</summary>
public sealed class PlannedIndicator
{
    /// <summary>Starts the plan for the indicator <paramref name="value"/>.</summary>
    public PlannedIndicator(string value, IocType type)
    {
        Value = value;
        Type = type;
    }

    /// <summary>The canonical indicator value.</summary>
    public string Value { get; }

    /// <summary>The indicator type.</summary>
    public IocType Type { get; }

    /// <summary>The earliest first-seen time of its sightings in the batch.</summary>
    public DateTimeOffset FirstSeen { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>The latest last-seen time of its sightings in the batch.</summary>
    public DateTimeOffset LastSeen { get; set; } = DateTimeOffset.MinValue;

    /// <summary>The highest confidence any sighting in the batch gave it.</summary>
    public int Confidence { get; set; }

    /// <summary>Source names that reported it.</summary>
    public HashSet<string> Sources { get; } = new(StringComparer.Ordinal);

    /// <summary>Accounts it was seen in.</summary>
    public HashSet<string> Accounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Regions it was seen in.</summary>
    public HashSet<string> Regions { get; } = new(StringComparer.Ordinal);

    /// <summary>The findings that carry it, in batch order.</summary>
    public List<string> FindingIds { get; } = [];
}
