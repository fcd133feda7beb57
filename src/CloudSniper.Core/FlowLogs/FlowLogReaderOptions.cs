namespace CloudSniper.Core.FlowLogs;

/// <summary>How a <see cref="FlowLogReader"/> reads.</summary>
public sealed record FlowLogReaderOptions
{
    /// <summary>Bytes per chunk handed from the reading thread to the parsing workers (1 MiB: large enough to amortise hand-offs, small enough to stay in L2/L3).</summary>
    public int ChunkSize { get; init; } = 1 << 20;

    /// <summary>
    /// The layout assumed for a file without a header line (for example lines exported from CloudWatch Logs); when
    /// null, the lines of such a file are rejected as <see cref="FlowRejectReason.MissingHeader"/>.
    /// </summary>
    public FlowLogFormat? HeaderlessFormat { get; init; }

    /// <summary>How many rejected lines keep their source and line for the report.</summary>
    public int MaxRejectExamples { get; init; } = 50;

    /// <summary>The decompressed size allowed per gzip file (1 GiB); past it the file is rejected as corrupt gzip, naming the limit.</summary>
    public long MaxDecompressedBytes { get; init; } = CloudSniper.Core.Parsing.Internal.GzipDecompressionStream.DefaultMaxDecompressedBytes;
}
