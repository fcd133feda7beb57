namespace CloudSniper.Aws.Signing;

/// <summary>One entry of <c>ListIPSets</c>.</summary>
public sealed record WafIpSetSummary(string Name, string Id, string Arn, string? LockToken);
