namespace CloudSniper.Core.Iam;

/// <summary>What one IAM check looks for, how severe a finding is, its CIS benchmark id and how to fix it.</summary>
/// <param name="Id">The check's stable key, as findings and config name it.</param>
/// <param name="Title">One line saying what is wrong when the check finds something.</param>
/// <param name="Severity">low, medium, high or critical.</param>
/// <param name="Cis">The CIS AWS Foundations Benchmark (v3.0.0) recommendation, or null where the benchmark has none.</param>
/// <param name="Remediation">What a person does about a finding.</param>
public sealed record IamCheckInfo(string Id, string Title, string Severity, string? Cis, string Remediation);
