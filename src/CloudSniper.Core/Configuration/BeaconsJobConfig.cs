namespace CloudSniper.Core.Configuration;

/// <summary>The <c>jobs.beacons</c> section: the flow logs the beacon analysis reads.</summary>
public sealed record BeaconsJobConfig : JobConfig
{
    /// <summary>The flow-log location: an <c>s3://bucket/prefix</c> (the AWSLogs layout) or a local directory.</summary>
    public string? Prefix { get; init; }

    /// <summary>Internal network CIDRs (default: the private address space).</summary>
    public IReadOnlyList<string> Internal { get; init; } = [];

    /// <summary>How far back the first run looks, before any watermark exists (at most 7 days).</summary>
    public string FirstWindow { get; init; } = "24h";
}
