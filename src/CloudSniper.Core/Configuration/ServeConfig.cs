namespace CloudSniper.Core.Configuration;

/// <summary>Settings of <c>sniper serve</c>; its command-line options win over them.</summary>
public sealed record ServeConfig
{
    /// <summary>Listen addresses (default <c>http://127.0.0.1:8080</c>).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>SQS queues to consume (<c>sqs://…</c>).</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];

    /// <summary>Concurrent receivers per queue.</summary>
    public int Consumers { get; init; } = 1;

    /// <summary>False: no HTTP listener on this instance.</summary>
    public bool Http { get; init; } = true;

    /// <summary>False: no scheduled jobs on this instance.</summary>
    public bool Jobs { get; init; } = true;

    /// <summary>Largest request body in bytes (default 10 MiB).</summary>
    public long MaxBodyBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Deepest JSON nesting of a request body.</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>Directory of runbook reports served by <c>/api/v1/runbook/reports</c> (default <c>reports/</c> in the data directory).</summary>
    public string? ReportsDirectory { get; init; }

    /// <summary>Seconds in-flight work may take to finish on shutdown.</summary>
    public int ShutdownGraceSeconds { get; init; } = 30;
}
