namespace CloudSniper.Core.Iam.Retirement;

/// <summary>
/// Remembers when the owner of each credential was first notified: the grace period runs from that moment. Keys come
/// from <see cref="RetirementClock.Key"/>. Implementations: in memory, SQLite.
/// </summary>
public interface IRetirementClockStore
{
    /// <summary>Creates tables if absent; safe to call again.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Every remembered first notification, by credential key.</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> ListNoticesAsync(CancellationToken cancellationToken = default);

    /// <summary>Records a notification; an earlier one for the same credential is kept (the clock never restarts while the finding stands).</summary>
    Task RecordNoticeAsync(string credential, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Forgets credentials whose finding is gone (used again, retired, removed), so a new finding starts a new clock.</summary>
    Task RemoveNoticesAsync(IReadOnlyCollection<string> credentials, CancellationToken cancellationToken = default);
}
