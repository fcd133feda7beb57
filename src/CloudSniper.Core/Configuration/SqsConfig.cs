namespace CloudSniper.Core.Configuration;

/// <summary>Settings of the SQS source.</summary>
public sealed record SqsConfig
{
    /// <summary>Receives after which a failing message goes to the dead-letter queue or the quarantine folder.</summary>
    public int MaxReceives { get; init; } = 5;

    /// <summary>Seconds a received message stays invisible; extended while it is being worked on.</summary>
    public int VisibilityTimeoutSeconds { get; init; } = 60;

    /// <summary>Long-poll wait, 1–20 seconds.</summary>
    public int WaitTimeSeconds { get; init; } = 20;

    /// <summary>Where a failing message goes when its queue has no dead-letter queue (default: <c>quarantine/</c> in the data directory).</summary>
    public string? QuarantineDirectory { get; init; }
}
