namespace CloudSniper.Core.Jobs;

/// <summary>
/// Leases, run history and watermarks of the scheduled jobs, shared by every instance that uses one store.
/// <para>
/// Lease semantics, which every implementation follows and <c>JobStoreContract</c> checks:
/// </para>
/// <list type="number">
/// <item>There is one row per (job, occurrence); the occurrence is the scheduled instant, or the instant a manual run
/// was asked for. The row is the lease and, once completed, the run's history entry.</item>
/// <item><see cref="TryAcquireAsync"/> is one conditional write: it succeeds when there is no row, or when the row is
/// running and its expiry has passed, or when its holder released it. The last two are takeovers and the row records
/// the previous holder in <see cref="JobRun.TakenOverFrom"/>. Of any number of instances trying at once, one wins.</item>
/// <item><see cref="HeartbeatAsync"/> extends the expiry while the holder still holds a live lease; it fails once the
/// lease expired or was taken over, and the holder must then stop.</item>
/// <item><see cref="CompleteAsync"/> records the outcome and figures if the caller still holds the row, and is final:
/// a completed occurrence is never acquired again.</item>
/// <item>Nothing ever stays "running" past its expiry: readers report such a row as abandoned (<see cref="JobRun.StateAt"/>).</item>
/// <item><see cref="ReleaseAsync"/> (graceful shutdown) marks the row abandoned at once so another instance can take it over
/// without waiting for the expiry.</item>
/// </list>
/// "Now" is the store's clock (its <see cref="TimeProvider"/>), the same for every instance within the clocks' skew.
/// </summary>
public interface IJobStore : IAsyncDisposable
{
    /// <summary>Creates tables or indexes if absent; safe to call again.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Acquires the lease of (<paramref name="job"/>, <paramref name="occurrence"/>) for <paramref name="owner"/>, or returns null when another holds it or it has completed.</summary>
    Task<JobRun?> TryAcquireAsync(string job, DateTimeOffset occurrence, string owner, TimeSpan lease, JobTrigger trigger, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease by <paramref name="lease"/> from now; false when <paramref name="owner"/> no longer holds a live lease.</summary>
    Task<bool> HeartbeatAsync(string job, DateTimeOffset occurrence, string owner, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the outcome (and on success the watermark, when given) if <paramref name="owner"/> still holds the row;
    /// false when it was taken over or already completed, in which case nothing is written.
    /// </summary>
    Task<bool> CompleteAsync(string job, DateTimeOffset occurrence, string owner, JobOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>Marks the row abandoned now if <paramref name="owner"/> holds it running; false otherwise.</summary>
    Task<bool> ReleaseAsync(string job, DateTimeOffset occurrence, string owner, CancellationToken cancellationToken = default);

    /// <summary>The row of one occurrence, or null.</summary>
    Task<JobRun?> GetRunAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default);

    /// <summary>Runs newest occurrence first, of one job or (null) of all; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<JobRun>> ListRunsAsync(string? job, int limit, CancellationToken cancellationToken = default);

    /// <summary>The job's watermark (what its last successful run covered), or null.</summary>
    Task<string?> GetWatermarkAsync(string job, CancellationToken cancellationToken = default);

    /// <summary>Sets the job's watermark.</summary>
    Task SetWatermarkAsync(string job, string watermark, CancellationToken cancellationToken = default);
}
