namespace CloudSniper.Core.Runbook;

/// <summary>Thresholds of the CloudTrail review.</summary>
public sealed record CloudTrailReviewOptions
{
    /// <summary>Access-denied errors by one principal inside <see cref="BurstWindow"/> that make a burst (default 5).</summary>
    public int BurstThreshold { get; init; } = 5;

    /// <summary>The sliding window of a burst (default 10 minutes).</summary>
    public TimeSpan BurstWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The most items any list keeps (console changes, logins, root actions, detections); the rest are counted.</summary>
    public int MaxListItems { get; init; } = 10_000;
}
