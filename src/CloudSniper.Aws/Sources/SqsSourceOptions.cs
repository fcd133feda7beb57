namespace CloudSniper.Aws.Sources;

/// <summary>How the SQS source polls and what it does with messages that keep failing.</summary>
public sealed record SqsSourceOptions
{
    /// <summary>Keep polling when the queue is empty (<c>--follow</c>); otherwise stop at the first empty receive.</summary>
    public bool Follow { get; init; }

    /// <summary>Receives after which a failing message is moved to the dead-letter queue or the quarantine folder.</summary>
    public int MaxReceives { get; init; } = 5;

    /// <summary>Seconds a message stays invisible after a receive; extended at half this period while it is worked on.</summary>
    public int VisibilityTimeoutSeconds { get; init; } = 60;

    /// <summary>Long-poll wait in seconds (at most 20).</summary>
    public int WaitTimeSeconds { get; init; } = 20;

    /// <summary>Where failing messages go when the queue has no dead-letter queue.</summary>
    public required string QuarantineDirectory { get; init; }
}
