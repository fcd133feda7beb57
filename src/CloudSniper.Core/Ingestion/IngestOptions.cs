using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Core.Ingestion;

/// <summary>How an ingest run behaves.</summary>
public sealed record IngestOptions
{
    /// <summary>A parser key that overrides format detection (<c>--format</c>), or null to detect.</summary>
    public string? Format { get; init; }

    /// <summary>Findings per store transaction; 1,000 keeps a SQLite commit well under the per-batch budget.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>How many rejected records are kept with their errors; all are counted.</summary>
    public int MaxErrorsKept { get; init; } = 1000;

    /// <summary>Called after each batch is committed, for example to run the response playbooks on it.</summary>
    public Func<IReadOnlyList<FindingWithIocs>, CancellationToken, Task>? AfterCommitAsync { get; init; }
}
