namespace CloudSniper.Core.Configuration;

/// <summary>Settings of <c>sniper ingest</c>.</summary>
public sealed record IngestConfig
{
    /// <summary>Findings per store transaction.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>A parser key that disables format detection.</summary>
    public string? Format { get; init; }

    /// <summary>
    /// The decompressed size allowed per gzip document (default 1 GiB): past it the document is rejected with a reason
    /// naming the limit, and the records read before it are kept. Guards against gzip bombs in S3 and SQS inputs.
    /// </summary>
    public long MaxDecompressedBytes { get; init; } = Parsing.Internal.GzipDecompressionStream.DefaultMaxDecompressedBytes;
}
