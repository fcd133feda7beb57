using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Runbook;

/// <summary>Reads GuardDuty findings from one file in any of the shapes the finding parsers understand.</summary>
public interface IGuardDutyFindingReader
{
    /// <summary>Every finding (or error) of the file at <paramref name="path"/>.</summary>
    IEnumerable<ParseResult> Read(string path, CancellationToken cancellationToken = default);
}
