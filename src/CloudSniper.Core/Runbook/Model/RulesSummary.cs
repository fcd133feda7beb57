namespace CloudSniper.Core.Runbook.Model;

/// <summary>Which rules were loaded and which were skipped.</summary>
public sealed record RulesSummary(int Loaded, IReadOnlyList<SkippedRule> Skipped);
