namespace CloudSniper.Core.Runbook.Model;

/// <summary>One rule matching one event.</summary>
public sealed record Detection(string RuleId, string Title, string Level, string? EventId, string EventName, DateTimeOffset? EventTime, string? Principal, string? SourceIp, string Source);
