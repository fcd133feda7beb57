namespace CloudSniper.Core.Configuration;

/// <summary>The <c>jobs.ipRanges</c> section: where AWS's ranges are downloaded from.</summary>
public sealed record IpRangesJobConfig : JobConfig
{
    /// <summary>The published file; AWS documents it at https://ip-ranges.amazonaws.com/ip-ranges.json.</summary>
    public string Url { get; init; } = "https://ip-ranges.amazonaws.com/ip-ranges.json";
}
