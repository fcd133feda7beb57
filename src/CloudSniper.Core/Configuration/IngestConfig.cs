namespace CloudSniper.Core.Configuration;

/// <summary>Settings of <c>sniper ingest</c>.</summary>
public sealed record IngestConfig
{
    /// <summary>Findings per store transaction.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>A parser key that disables format detection.</summary>
    public string? Format { get; init; }
}
