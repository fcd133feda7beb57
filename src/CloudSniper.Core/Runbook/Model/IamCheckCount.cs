namespace CloudSniper.Core.Runbook.Model;

/// <summary>One IAM check's findings now and in the previous run, for the trend.</summary>
/// <param name="Check">The check id (<c>key-unused</c>, …).</param>
/// <param name="Title">What it finds.</param>
/// <param name="Severity">low, medium, high or critical.</param>
/// <param name="Cis">The CIS AWS Foundations Benchmark recommendation, or null.</param>
/// <param name="Count">Findings now.</param>
/// <param name="Previous">Findings in the previous report's IAM section; null when there was none.</param>
public sealed record IamCheckCount(string Check, string Title, string Severity, string? Cis, int Count, int? Previous);
