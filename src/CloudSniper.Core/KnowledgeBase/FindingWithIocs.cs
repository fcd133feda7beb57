using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>A finding and the indicators extracted from it, ready to commit.</summary>
public sealed record FindingWithIocs(Finding Finding, IReadOnlyList<IocObservation> Iocs)
{
    private byte[]? _stored;
    private IncidentKey[]? _incidents;

    // A copy made with `with` may carry another finding or other indicators: what was computed from the original
    // is not copied.
    private FindingWithIocs(FindingWithIocs original)
    {
        Finding = original.Finding;
        Iocs = original.Iocs;
    }

    /// <summary>
    /// The finding's <see cref="FindingDocument"/> form, encoded at the first call and kept. The ingest pipeline
    /// calls it on the parsing thread, so a store committing on another thread only writes the bytes.
    /// </summary>
    public ReadOnlyMemory<byte> StoredDocument => _stored ??= FindingDocument.Encode(Finding);

    /// <summary>
    /// The incidents the finding belongs to (<see cref="IncidentKeys"/>), with their ids, computed at the first call
    /// and kept; a store's <see cref="IKnowledgeBase.Prepare"/> can compute them on the parsing thread.
    /// </summary>
    public IReadOnlyList<IncidentKey> Incidents => _incidents ??= IncidentKeys.WithIds(this);

    /// <summary>Equal when the finding and its indicators are; what was computed from them and kept does not count.</summary>
    public bool Equals(FindingWithIocs? other) =>
        other is not null && Finding.Equals(other.Finding) && Iocs.Equals(other.Iocs);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Finding, Iocs);
}
