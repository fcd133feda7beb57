using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Iam;

/// <summary>A parsed IAM credential report: the rows that read well and an error for each one that did not.</summary>
/// <param name="Source">Where the report came from, for messages.</param>
/// <param name="Rows">Every row that parsed, in report order.</param>
/// <param name="Errors">Every row that did not, with its line and reason.</param>
public sealed record CredentialReport(string Source, IReadOnlyList<CredentialReportRow> Rows, IReadOnlyList<RecordError> Errors);
