using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Runbook;

/// <summary>Reads GuardDuty findings with the finding parsers (<see cref="DocumentReader"/>, GuardDuty format forced): every shape they know, gzip included.</summary>
public sealed class DocumentGuardDutyReader : IGuardDutyFindingReader
{
    /// <inheritdoc />
    public IEnumerable<ParseResult> Read(Stream stream, string source, CancellationToken cancellationToken = default) =>
        DocumentReader.Read(stream, source, "guardduty", cancellationToken);
}
