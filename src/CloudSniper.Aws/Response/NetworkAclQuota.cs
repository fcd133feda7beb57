namespace CloudSniper.Aws.Response;

/// <summary>The number of entries one direction and IP family of a network ACL may hold, default rule included, and where it came from.</summary>
/// <param name="Value">The quota.</param>
/// <param name="Source">Where it came from, in words: configured, applied (Service Quotas), or the AWS default and why.</param>
public sealed record NetworkAclQuota(int Value, string Source);
