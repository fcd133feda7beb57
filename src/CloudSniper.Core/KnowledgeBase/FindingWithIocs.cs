using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>A finding and the indicators extracted from it, ready to commit.</summary>
public sealed record FindingWithIocs(Finding Finding, IReadOnlyList<IocObservation> Iocs)
{
    private byte[]? _stored;

    /// <summary>
    /// The finding's <see cref="FindingDocument"/> form, encoded at the first call and kept. The ingest pipeline
    /// calls it on the parsing thread, so a store committing on another thread only writes the bytes.
    /// </summary>
    public ReadOnlyMemory<byte> StoredDocument => _stored ??= FindingDocument.Encode(Finding);

    /// <summary>Equal when the finding and its indicators are; whether the stored form was computed does not count.</summary>
    public bool Equals(FindingWithIocs? other) =>
        other is not null && Finding.Equals(other.Finding) && Iocs.Equals(other.Iocs);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Finding, Iocs);
}
