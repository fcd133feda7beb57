using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Core.Ingestion;

/// <summary>The outcome of an ingest run: counts, what the store did, and the rejected records (the first ones kept).</summary>
public sealed record IngestReport(
    long Documents,
    long Records,
    long Rejected,
    CommitResult Committed,
    IReadOnlyList<RecordError> Errors,
    IReadOnlyDictionary<string, long> FindingsByType,
    TimeSpan Elapsed)
{
    /// <summary>True when some input was rejected (exit code 3).</summary>
    public bool HasRejections => Rejected > 0;
}
