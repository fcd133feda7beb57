namespace CloudSniper.Core.Findings;

/// <summary>An AWS (or Kubernetes) API call observed in a finding.</summary>
public sealed record ApiCall(string Api, string? ServiceName, string? CallerType, string? ErrorCode, string? UserAgent);
