namespace CloudSniper.Core.Runbook.Model;

/// <summary>A GuardDuty finding about API calls, for the review list (highest severity first).</summary>
public sealed record ApiCallFinding(string Title, string Type, string? Region, double Severity, string? Account, string? Principal, int Count, string Id);
