namespace CloudSniper.Aws.Signing;

/// <summary>How a <see cref="SignedAwsClient"/> reaches AWS: the HTTP handler (tests replay recorded answers), environment, clock and retries.</summary>
public sealed record SignedClientOptions
{
    /// <summary>The HTTP handler; null for a default <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>Reads environment variables (endpoint overrides).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Attempts per call, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first backoff step; each retry doubles the ceiling, with full jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The largest backoff ceiling.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Waits between attempts (tests record instead of sleeping).</summary>
    public Func<TimeSpan, CancellationToken, Task>? Delay { get; init; }

    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
