namespace CloudSniper.Core.KnowledgeBase;

/// <summary>Counts of what a batch commit did.</summary>
public sealed record CommitResult(int Inserted, int Updated, int Unchanged, int Sightings)
{
    public static CommitResult Empty { get; } = new(0, 0, 0, 0);

    public CommitResult Add(CommitResult other) =>
        new(Inserted + other.Inserted, Updated + other.Updated, Unchanged + other.Unchanged, Sightings + other.Sightings);
}
