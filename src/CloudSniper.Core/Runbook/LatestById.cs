namespace CloudSniper.Core.Runbook;

/// <summary>
/// Keeps one item per id, the one with the latest update time, so that a finding emitted again after an update is
/// counted once and with its newest state; memory grows with the distinct ids, not with the emissions.
/// </summary>
/// <typeparam name="T">The finding type.</typeparam>
public sealed class LatestById<T>
    where T : class
{
    private readonly Dictionary<string, (DateTimeOffset? UpdatedAt, T Item)> _items = new(StringComparer.Ordinal);

    /// <summary>How many distinct ids were seen.</summary>
    public int Count => _items.Count;

    /// <summary>Keeps <paramref name="item"/> unless an emission with the same id and a later update time was kept; on equal times the later emission wins.</summary>
    public void Add(string id, DateTimeOffset? updatedAt, T item)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_items.TryGetValue(id, out var kept) && kept.UpdatedAt is { } keptAt && (updatedAt is null || updatedAt < keptAt))
        {
            return;
        }

        _items[id] = (updatedAt, item);
    }

    /// <summary>The kept items, in the order their ids were first seen.</summary>
    public IEnumerable<T> Items => _items.Values.Select(v => v.Item);
}
