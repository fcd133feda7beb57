namespace CloudSniper.Core.Runbook.Checks;

/// <summary>What a check is about: id, title, service, severity, the risk it guards against, how to fix it (CLI and Terraform), the CIS AWS Foundations Benchmark (v3.0) ids it covers, and the IAM permissions its data needs.</summary>
public sealed record CheckMetadata(
    string Id,
    string Title,
    string Service,
    string Severity,
    string Risk,
    string RemediationCli,
    string RemediationTerraform,
    IReadOnlyList<string> Cis,
    IReadOnlyList<string> Permissions);
