namespace CloudSniper.Core.Runbook.Model;

/// <summary>A write call made from a console (or browser) session: who changed what, when and from where.</summary>
public sealed record ConsoleChange(DateTimeOffset? Time, string User, string EventSource, string EventName, string? SourceIp, string? UserAgent, string? Region, string? EventId);
