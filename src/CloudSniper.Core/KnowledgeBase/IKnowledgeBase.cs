using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>
/// The knowledge base: findings, IOCs, sightings, incidents and the audit log. Implementations (SQLite,
/// DynamoDB) pass one contract test suite. Every write of a batch is atomic per finding at least, so that
/// a crash never leaves a finding stored without its sightings.
/// </summary>
public interface IKnowledgeBase : IAsyncDisposable
{
    /// <summary>Creates tables or indexes if absent; safe to call again.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a batch of findings with their IOC observations. A finding whose id is stored with the same or a
    /// newer <see cref="Finding.UpdatedAt"/> is left unchanged; a newer one replaces it and refreshes its
    /// sightings. Returns what happened to each finding.
    /// </summary>
    Task<CommitResult> CommitAsync(IReadOnlyList<FindingWithIocs> batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Called for each finding on the parsing thread, before its batch is queued for <see cref="CommitAsync"/>: a
    /// store does there what it would otherwise do while committing (encoding, say), so that the two threads share
    /// the work. Does nothing by default.
    /// </summary>
    void Prepare(FindingWithIocs item)
    {
    }

    Task<Finding?> GetFindingAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists findings by type, and within a type in the order they were first stored (a later copy keeps its place).</summary>
    IAsyncEnumerable<Finding> ListFindingsAsync(FindingQuery query, CancellationToken cancellationToken = default);

    /// <summary>Counts stored findings per type (raw type name), most frequent first, then by type.</summary>
    async Task<IReadOnlyList<(string Type, int Count)>> CountFindingsByTypeAsync(CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var finding in ListFindingsAsync(new FindingQuery(Limit: int.MaxValue), cancellationToken).ConfigureAwait(false))
        {
            counts[finding.Type.Raw] = counts.GetValueOrDefault(finding.Type.Raw) + 1;
        }

        return [.. counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))];
    }

    Task<Ioc?> GetIocAsync(string value, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Ioc> ListIocsAsync(IocQuery query, CancellationToken cancellationToken = default);

    /// <summary>Adds (or refreshes) an indicator by hand or from a feed, recording a sighting for <paramref name="source"/>.</summary>
    Task<Ioc> AddIocAsync(IocObservation observation, string source, DateTimeOffset at, DateTimeOffset? expiresAt, string? description, CancellationToken cancellationToken = default);

    /// <summary>Removes an indicator and its sightings; returns false when it was not there.</summary>
    Task<bool> RemoveIocAsync(string value, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Sighting> ListSightingsAsync(string iocValue, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Incident> ListIncidentsAsync(IncidentQuery query, CancellationToken cancellationToken = default);

    Task<Incident?> GetIncidentAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Appends to the audit log; entries are never changed or deleted.</summary>
    Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    IAsyncEnumerable<AuditEntry> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
