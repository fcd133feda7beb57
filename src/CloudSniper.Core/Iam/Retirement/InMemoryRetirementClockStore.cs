using System.Collections.Concurrent;

namespace CloudSniper.Core.Iam.Retirement;

/// <summary>A retirement clock kept in memory (tests, one-off runs).</summary>
public sealed class InMemoryRetirementClockStore : IRetirementClockStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notices = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, DateTimeOffset>> ListNoticesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, DateTimeOffset>>(new Dictionary<string, DateTimeOffset>(_notices, StringComparer.Ordinal));

    /// <inheritdoc />
    public Task RecordNoticeAsync(string credential, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        _notices.AddOrUpdate(credential, at, (_, existing) => existing <= at ? existing : at);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveNoticesAsync(IReadOnlyCollection<string> credentials, CancellationToken cancellationToken = default)
    {
        foreach (var c in credentials)
        {
            _notices.TryRemove(c, out _);
        }

        return Task.CompletedTask;
    }
}
