namespace CloudSniper.Core.Runbook.Model;

/// <summary>A rule that was not run, and why.</summary>
public sealed record SkippedRule(string Path, string? Title, string Reason);
