namespace CloudSniper.Core.Configuration;

/// <summary>One job's section under <c>jobs:</c>: its schedule and whether it runs (unset: the job's registered defaults).</summary>
public record JobConfig
{
    /// <summary>A cron expression (<c>0 6 * * *</c>, UTC) or an interval (<c>every 10s</c>, <c>15m</c>, <c>1h</c>, <c>24h</c>).</summary>
    public string? Schedule { get; init; }

    /// <summary>True or false to switch the job on or off.</summary>
    public bool? Enabled { get; init; }
}
