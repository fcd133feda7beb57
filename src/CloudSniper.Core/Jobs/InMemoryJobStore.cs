namespace CloudSniper.Core.Jobs;

/// <summary>The job store in one process's memory: for tests and single-shot runs; follows the semantics of <see cref="IJobStore"/>.</summary>
public sealed class InMemoryJobStore(TimeProvider? time = null) : IJobStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Job, DateTimeOffset Occurrence), JobRun> _runs = [];
    private readonly Dictionary<string, string> _watermarks = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<JobRun?> TryAcquireAsync(string job, DateTimeOffset occurrence, string owner, TimeSpan lease, JobTrigger trigger, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var key = (job, occurrence.ToUniversalTime());
            _runs.TryGetValue(key, out var existing);
            if (existing is not null && !existing.CanBeTakenOver(now))
            {
                return Task.FromResult<JobRun?>(null);
            }

            var run = new JobRun
            {
                Job = job, Occurrence = key.Item2, Owner = owner, AcquiredAt = now, HeartbeatAt = now, ExpiresAt = now + lease,
                State = JobRunState.Running, Trigger = trigger, TakenOverFrom = existing?.Owner,
            };
            _runs[key] = run;
            return Task.FromResult<JobRun?>(run);
        }
    }

    /// <inheritdoc />
    public Task<bool> HeartbeatAsync(string job, DateTimeOffset occurrence, string owner, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Update(job, occurrence, owner, live: true, (r, now) => r with { HeartbeatAt = now, ExpiresAt = now + lease });

    /// <inheritdoc />
    public Task<bool> CompleteAsync(string job, DateTimeOffset occurrence, string owner, JobOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate)
        {
            var done = Change(job, occurrence, owner, live: false, (r, now) => r with
            {
                State = outcome.Succeeded ? JobRunState.Succeeded : JobRunState.Failed, EndedAt = now,
                Figures = new Dictionary<string, long>(outcome.Figures, StringComparer.Ordinal), Error = outcome.Error,
            });
            if (done && outcome.Succeeded && outcome.Watermark is { } w)
            {
                _watermarks[job] = w;
            }

            return Task.FromResult(done);
        }
    }

    /// <inheritdoc />
    public Task<bool> ReleaseAsync(string job, DateTimeOffset occurrence, string owner, CancellationToken cancellationToken = default) =>
        Update(job, occurrence, owner, live: false, (r, now) => r with { State = JobRunState.Abandoned, EndedAt = now, ExpiresAt = now });

    /// <inheritdoc />
    public Task<JobRun?> GetRunAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_runs.GetValueOrDefault((job, occurrence.ToUniversalTime())));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobRun>> ListRunsAsync(string? job, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<JobRun> runs = [.. _runs.Values.Where(r => job is null || r.Job == job).OrderByDescending(r => r.Occurrence).ThenBy(r => r.Job, StringComparer.Ordinal).Take(limit)];
            return Task.FromResult(runs);
        }
    }

    /// <inheritdoc />
    public Task<string?> GetWatermarkAsync(string job, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_watermarks.GetValueOrDefault(job));
        }
    }

    /// <inheritdoc />
    public Task SetWatermarkAsync(string job, string watermark, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _watermarks[job] = watermark;
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // The row changes only while the owner holds it running (and, with live, before its expiry).
    private Task<bool> Update(string job, DateTimeOffset occurrence, string owner, bool live, Func<JobRun, DateTimeOffset, JobRun> change)
    {
        lock (_gate)
        {
            return Task.FromResult(Change(job, occurrence, owner, live, change));
        }
    }

    private bool Change(string job, DateTimeOffset occurrence, string owner, bool live, Func<JobRun, DateTimeOffset, JobRun> change)
    {
        var now = _time.GetUtcNow();
        var key = (job, occurrence.ToUniversalTime());
        if (!_runs.TryGetValue(key, out var run) || run.Owner != owner || run.State != JobRunState.Running || (live && run.ExpiresAt <= now))
        {
            return false;
        }

        _runs[key] = change(run, now);
        return true;
    }
}
