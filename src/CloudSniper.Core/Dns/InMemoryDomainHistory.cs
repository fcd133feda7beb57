namespace CloudSniper.Core.Dns;

/// <summary>A domain history in memory (tests, one-off runs): first and last time per domain.</summary>
public sealed class InMemoryDomainHistory : IDomainHistory
{
    private readonly Dictionary<string, (DateTimeOffset First, DateTimeOffset Last)> _seen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>When <paramref name="domain"/> was first and last recorded, or null.</summary>
    public (DateTimeOffset First, DateTimeOffset Last)? Get(string domain)
    {
        lock (_lock)
        {
            return _seen.TryGetValue(domain, out var seen) ? seen : null;
        }
    }

    /// <inheritdoc />
    public Task<DomainHistoryUpdate> RecordAsync(IReadOnlyCollection<string> domains, DateTimeOffset seenAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domains);
        lock (_lock)
        {
            var wasEmpty = _seen.Count == 0;
            var added = new HashSet<string>(StringComparer.Ordinal);
            foreach (var domain in domains)
            {
                if (_seen.TryGetValue(domain, out var seen))
                {
                    _seen[domain] = (seen.First < seenAt ? seen.First : seenAt, seen.Last > seenAt ? seen.Last : seenAt);
                }
                else
                {
                    _seen[domain] = (seenAt, seenAt);
                    added.Add(domain);
                }
            }

            return Task.FromResult(new DomainHistoryUpdate(added, wasEmpty));
        }
    }
}
