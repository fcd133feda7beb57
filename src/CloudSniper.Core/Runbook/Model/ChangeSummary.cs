namespace CloudSniper.Core.Runbook.Model;

/// <summary>What changed since the previous report in the output folder.</summary>
public sealed record ChangeSummary(DateTimeOffset? PreviousRun, IReadOnlyList<ReportChange> Changes);
