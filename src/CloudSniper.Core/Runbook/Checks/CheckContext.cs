namespace CloudSniper.Core.Runbook.Checks;

/// <summary>What checks may use besides the snapshot: the clock (for "used recently") and thresholds.</summary>
public sealed record CheckContext(DateTimeOffset Now)
{
    /// <summary>Root use within this many days fails the root-usage check (default 90).</summary>
    public int RootRecentDays { get; init; } = 90;
}
