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

    public string Value { get; }

    public IocType Type { get; }

    public DateTimeOffset FirstSeen { get; set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset LastSeen { get; set; } = DateTimeOffset.MinValue;

    public int Confidence { get; set; }

    public HashSet<string> Sources { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Accounts { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Regions { get; } = new(StringComparer.Ordinal);

    /// <summary>The findings that carry it, in batch order.</summary>
    public List<string> FindingIds { get; } = [];
}
