using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.Ingestion;

/// <summary>
/// The two pure steps of ingestion the pipeline composes: reading a (possibly compressed) document into findings,
/// and extracting the indicators of a finding.
/// </summary>
public sealed record IngestComponents(
    Func<Stream, string, string?, CancellationToken, IEnumerable<ParseResult>> Read,
    Func<Finding, IReadOnlyList<IocObservation>> Extract);
