namespace CloudSniper.Core.Dns;

/// <summary>The knowledge base's memory of the registered domains the fleet has resolved, for first-seen leads.</summary>
public interface IDomainHistory
{
    /// <summary>
    /// Remembers that <paramref name="domains"/> were resolved at <paramref name="seenAt"/> and returns those that had
    /// never been recorded before, and whether nothing at all had been (a first run only learns the baseline).
    /// </summary>
    Task<DomainHistoryUpdate> RecordAsync(IReadOnlyCollection<string> domains, DateTimeOffset seenAt, CancellationToken cancellationToken = default);
}
