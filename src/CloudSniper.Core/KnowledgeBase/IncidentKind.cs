namespace CloudSniper.Core.KnowledgeBase;

/// <summary>What an incident groups findings by.</summary>
public enum IncidentKind
{
    Resource,
    Indicator,
}
