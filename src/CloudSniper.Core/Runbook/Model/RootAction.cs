namespace CloudSniper.Core.Runbook.Model;

/// <summary>A call made with the account's root credentials (AWS service events excluded).</summary>
public sealed record RootAction(DateTimeOffset? Time, string EventName, string EventSource, string? SourceIp, string? UserAgent, string? Account, string? EventId);
