namespace CloudSniper.Core.Configuration;

/// <summary>The <c>jobs.dns</c> section: the Route 53 Resolver query logs the DNS C2 detection reads.</summary>
public sealed record DnsJobConfig : JobConfig
{
    /// <summary>The query-log location: an <c>s3://bucket/prefix</c> (the AWSLogs/…/vpcdnsquerylogs layout) or a local directory.</summary>
    public string? Prefix { get; init; }

    /// <summary>How far back the first run looks, before any watermark exists (at most 7 days).</summary>
    public string FirstWindow { get; init; } = "24h";
}
