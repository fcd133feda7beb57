namespace CloudSniper.Core.Jobs;

/// <summary>
/// One lease row, which is also the run's history entry: a job's occurrence (the scheduled instant, or the instant a
/// manual run was asked for), who holds or held it, when it was acquired, heartbeaten, due to expire and ended, the
/// outcome with its figures and error, and the instance it was taken over from.
/// </summary>
public sealed record JobRun
{
    /// <summary>The job's registered name.</summary>
    public required string Job { get; init; }

    /// <summary>The occurrence this run is for; with <see cref="Job"/> the lease's key.</summary>
    public required DateTimeOffset Occurrence { get; init; }

    /// <summary>The instance id of the holder (the last one, after a takeover).</summary>
    public required string Owner { get; init; }

    /// <summary>When the holder acquired the lease (the run's start).</summary>
    public required DateTimeOffset AcquiredAt { get; init; }

    /// <summary>The holder's last heartbeat.</summary>
    public required DateTimeOffset HeartbeatAt { get; init; }

    /// <summary>When the lease lapses unless heartbeaten again.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The state as stored; readers use <see cref="StateAt"/>.</summary>
    public required JobRunState State { get; init; }

    public JobTrigger Trigger { get; init; }

    /// <summary>When the run completed or was released.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>What the run counted (<c>removed</c>, <c>beacons</c>, …).</summary>
    public IReadOnlyDictionary<string, long> Figures { get; init; } = new Dictionary<string, long>();

    /// <summary>Why a failed run failed.</summary>
    public string? Error { get; init; }

    /// <summary>The instance whose expired or released lease this run took over, or null.</summary>
    public string? TakenOverFrom { get; init; }

    /// <summary>The state a reader reports at <paramref name="now"/>: a running lease past its expiry is abandoned, so nothing ever stays running.</summary>
    public JobRunState StateAt(DateTimeOffset now) => State == JobRunState.Running && ExpiresAt <= now ? JobRunState.Abandoned : State;

    /// <summary>True once the run has completed (succeeded or failed): the occurrence never runs again.</summary>
    public bool IsCompleted => State is JobRunState.Succeeded or JobRunState.Failed;

    /// <summary>
    /// Whether another instance may acquire this occurrence at <paramref name="now"/>: not when completed, not while a
    /// holder's lease is live; yes once it expired or was released.
    /// </summary>
    public bool CanBeTakenOver(DateTimeOffset now) => StateAt(now) == JobRunState.Abandoned;
}
