namespace CloudSniper.Core.Runbook.Model;

/// <summary>A console sign-in, successful or not, with whether MFA was used.</summary>
public sealed record ConsoleLogin(DateTimeOffset? Time, string User, string? SourceIp, bool Success, bool MfaUsed, string? UserAgent, string? EventId);
