using CloudSniper.Core.Iam;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Response.Execution;

namespace CloudSniper.Aws.Iam;

/// <summary>What one live review (and retirement) did.</summary>
/// <param name="Findings">Every finding, of every account reviewed.</param>
/// <param name="Principals">Rows of the credential reports read.</param>
/// <param name="Reviewed">Accounts reviewed.</param>
/// <param name="Failed">Accounts skipped, with the reason.</param>
/// <param name="Rejected">Credential-report rows that did not parse.</param>
/// <param name="Retirement">The retirement plan's run, or null when none was asked for.</param>
public sealed record IamReviewRun(
    IReadOnlyList<IamFinding> Findings,
    int Principals,
    int Reviewed,
    IReadOnlyList<(string Account, string Reason)> Failed,
    IReadOnlyList<RecordError> Rejected,
    ResponseRunResult? Retirement);
