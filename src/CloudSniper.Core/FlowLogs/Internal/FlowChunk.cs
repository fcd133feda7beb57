namespace CloudSniper.Core.FlowLogs.Internal;

/// <summary>Whole lines of one input, handed from the reading thread to a parsing worker.</summary>
internal sealed class FlowChunk
{
    public required byte[] Buffer { get; init; }

    public int Offset { get; init; }

    public int Length { get; set; }

    public required string Source { get; init; }

    /// <summary>The 1-based line number of the first line in the chunk.</summary>
    public long FirstLine { get; init; }

    /// <summary>The file's layout; null when its header is missing or unknown.</summary>
    public FlowLogFormat? Format { get; init; }

    /// <summary>Why the lines cannot be read when <see cref="Format"/> is null.</summary>
    public FlowRejectReason HeaderProblem { get; init; }

    public string? HeaderDetail { get; init; }
}
