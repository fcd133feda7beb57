namespace CloudSniper.Core.Runbook.Model;

/// <summary>The outcome of one enablement check on one account, region and resource, with the check's remediation and CIS AWS Foundations Benchmark ids beside it.</summary>
public sealed record CheckResult(
    string Id,
    string Title,
    string Service,
    CheckStatus Status,
    string Severity,
    string? Region,
    string? Account,
    string? Resource,
    string Message,
    string? Remediation = null,
    IReadOnlyList<string>? Cis = null);
