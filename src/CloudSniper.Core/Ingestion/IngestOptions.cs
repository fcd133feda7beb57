using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Core.Ingestion;

/// <summary>How an ingest run behaves.</summary>
public sealed record IngestOptions
{
    /// <summary>A parser key that overrides format detection (<c>--format</c>), or null to detect.</summary>
    public string? Format { get; init; }

    /// <summary>Findings per batch: a store transaction holds one batch, or up to three when the store falls behind.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>How many rejected records are kept with their errors; all are counted.</summary>
    public int MaxErrorsKept { get; init; } = 1000;

    /// <summary>The decompressed size allowed per gzip document (config <c>ingest.maxDecompressedBytes</c>).</summary>
    public long MaxDecompressedBytes { get; init; } = Parsing.Internal.GzipDecompressionStream.DefaultMaxDecompressedBytes;

    /// <summary>
    /// Called after each commit with the findings it stored (one batch, or the batches that queued behind a slow
    /// commit), for example to run the response playbooks on them.
    /// </summary>
    public Func<IReadOnlyList<FindingWithIocs>, CancellationToken, Task>? AfterCommitAsync { get; init; }
}
