namespace CloudSniper.Core.Access;

/// <summary>Remembers signatures already accepted so that a captured request cannot be sent again.</summary>
public interface IReplayGuard
{
    /// <summary>
    /// Records <paramref name="signature"/> of <paramref name="feed"/> until <paramref name="expiresAt"/>; false when it
    /// was already recorded (a replay). Atomic across instances sharing the store.
    /// </summary>
    Task<bool> TryRecordAsync(string feed, string signature, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);
}
