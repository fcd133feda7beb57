namespace CloudSniper.Core.KnowledgeBase;

/// <summary>What a commit did with one finding.</summary>
public enum CommitOutcome
{
    Inserted,
    Updated,
    Unchanged,
}
