using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Runbook;

/// <summary>Reads GuardDuty findings from one document in any of the shapes the finding parsers understand.</summary>
public interface IGuardDutyFindingReader
{
    /// <summary>Every finding (or error) of one document (a file or an S3 object), named <paramref name="source"/> in errors.</summary>
    IEnumerable<ParseResult> Read(Stream stream, string source, CancellationToken cancellationToken = default);
}
