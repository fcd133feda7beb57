using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Ingestion;

/// <summary>One record read by a parser: a finding, or the error that rejected it.</summary>
public readonly record struct ParseResult(Finding? Finding, RecordError? Error)
{
    public static ParseResult Ok(Finding finding) => new(finding, null);

    public static ParseResult Fail(RecordError error) => new(null, error);
}
