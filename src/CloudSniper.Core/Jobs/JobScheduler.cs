using System.Collections.Concurrent;

namespace CloudSniper.Core.Jobs;

/// <summary>
/// Runs the enabled jobs of one instance against a store that any number of instances share, driven by a
/// <see cref="TimeProvider"/>. Each <see cref="TickAsync"/> heartbeats the leases this instance holds and, per enabled
/// job, looks at the latest occurrence due (a backlog of missed occurrences runs once, as its latest): if no run of
/// the job is live anywhere and that occurrence is neither completed nor held, it acquires the lease and starts the
/// body. A run whose lease is lost (its heartbeat fails) is cancelled and records nothing; <see cref="StopAsync"/>
/// cancels the running bodies and releases their leases so another instance takes them over at once.
/// </summary>
public sealed class JobScheduler : IAsyncDisposable
{
    private readonly IJobStore _store;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);

    // The occurrence per job this instance knows to be settled (completed, or run by this instance): while it is
    // still the latest due, ticks skip the job without reading the store.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _settled = new(StringComparer.Ordinal);

    /// <summary>Creates a scheduler for <paramref name="jobs"/> as instance <paramref name="instanceId"/>.</summary>
    public JobScheduler(IReadOnlyList<ScheduledJob> jobs, IJobStore store, string instanceId, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        Jobs = jobs;
        _store = store;
        InstanceId = instanceId;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>This instance's id: the owner written on its leases.</summary>
    public string InstanceId { get; }

    /// <summary>The jobs it knows, enabled or not.</summary>
    public IReadOnlyList<ScheduledJob> Jobs { get; }

    /// <summary>A fresh instance id: host name, process id and a random suffix.</summary>
    public static string NewInstanceId() =>
        $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>The runs of this instance that have not finished.</summary>
    public IReadOnlyList<JobRun> Running => [.. _inFlight.Values.Select(f => f.Run)];

    /// <summary>Heartbeats the leases held here, then starts every enabled job that is due; returns the runs it started.</summary>
    public async Task<IReadOnlyList<JobRun>> TickAsync(CancellationToken cancellationToken = default)
    {
        await HeartbeatAsync(cancellationToken).ConfigureAwait(false);
        var started = new List<JobRun>();
        foreach (var job in Jobs.Where(j => j.Settings.Enabled))
        {
            if (await TryStartDueAsync(job, cancellationToken).ConfigureAwait(false) is { } run)
            {
                started.Add(run);
            }
        }

        return started;
    }

    /// <summary>The next occurrence of a job after <paramref name="now"/>.</summary>
    public static DateTimeOffset? NextRun(JobSettings job, DateTimeOffset now) => job?.Schedule.Next(now);

    /// <summary>Waits until every run started here has finished.</summary>
    public async Task DrainAsync()
    {
        while (_inFlight.Values.Select(f => f.Task).ToList() is { Count: > 0 } tasks)
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts a job now, enabled or not, under a lease for the current instant (trigger manual) and returns the acquired
    /// row without waiting for the body; <see cref="TickAsync"/> heartbeats it like a scheduled run. Null when a run of the
    /// job is live here or on another instance.
    /// </summary>
    public async Task<JobRun?> StartNowAsync(string name, CancellationToken cancellationToken = default) =>
        (await StartManualAsync(name, CancellationToken.None, cancellationToken).ConfigureAwait(false))?.Run;

    /// <summary>
    /// Runs a job now, enabled or not, under a lease for the current instant (trigger manual), heartbeating it until
    /// its body returns; the completed row, or null when a run of the job is live (here or on another instance).
    /// </summary>
    public async Task<JobRun?> RunNowAsync(string name, CancellationToken cancellationToken = default)
    {
        var flight = await StartManualAsync(name, cancellationToken, cancellationToken).ConfigureAwait(false);
        if (flight is null)
        {
            return null;
        }

        var period = flight.Job.Settings.Definition.Lease / 3;
        while (!flight.Task.IsCompleted)
        {
            await Task.WhenAny(flight.Task, Task.Delay(period, _time, cancellationToken)).ConfigureAwait(false);
            if (!flight.Task.IsCompleted)
            {
                await HeartbeatAsync(flight, cancellationToken).ConfigureAwait(false);
            }
        }

        await flight.Task.ConfigureAwait(false);
        return await _store.GetRunAsync(flight.Run.Job, flight.Run.Occurrence, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Ticks every <paramref name="poll"/> until cancelled, then stops within <paramref name="grace"/>. A tick that fails
    /// (the store unreachable, say) is reported to <paramref name="onError"/> and the next tick tries again.
    /// </summary>
    public async Task RunAsync(TimeSpan poll, TimeSpan grace, CancellationToken cancellationToken, Action<Exception>? onError = null)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await TickAsync(cancellationToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // One failed tick (a store outage) must not end the loop; the error is reported.
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    onError?.Invoke(ex);
                }

                await Task.Delay(poll, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await StopAsync(grace).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Graceful shutdown: asks every running body to stop, waits up to <paramref name="grace"/> for them, and releases the
    /// lease of each that did not complete so that another instance takes it over without waiting for the expiry.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        var flights = _inFlight.Values.ToList();
        foreach (var flight in flights)
        {
            flight.Stopping = true;
            await flight.Cancel.CancelAsync().ConfigureAwait(false);
        }

        var all = Task.WhenAll(flights.Select(f => f.Task));
        await Task.WhenAny(all, Task.Delay(grace, _time)).ConfigureAwait(false);
        foreach (var flight in flights.Where(f => !f.Task.IsCompleted))
        {
            // The body ignores cancellation: give the lease up now; its late completion will find the row released and write nothing.
            await _store.ReleaseAsync(flight.Run.Job, flight.Run.Occurrence, InstanceId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The cancellation sources of runs are left to the collector: a body that ignores cancellation may still hold its
    /// token, and none of them is linked to a long-lived token.
    /// </remarks>
    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.Zero).ConfigureAwait(false);

    private async Task<JobRun?> TryStartDueAsync(ScheduledJob job, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_inFlight.ContainsKey(job.Name) || job.Settings.Schedule.Latest(now) is not { } due)
        {
            return null;
        }

        if (_settled.TryGetValue(job.Name, out var settled) && settled >= due)
        {
            return null;
        }

        var existing = await _store.GetRunAsync(job.Name, due, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.IsCompleted)
        {
            _settled[job.Name] = due;
            return null;
        }

        if (existing is not null && !existing.CanBeTakenOver(now))
        {
            return null;
        }

        // One run of a job at a time across instances: a live run of an earlier occurrence (or a manual run) goes first.
        if (await LiveRunAsync(job.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }

        var run = await _store.TryAcquireAsync(job.Name, due, InstanceId, job.Settings.Definition.Lease, JobTrigger.Schedule, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return null;
        }

        _settled[job.Name] = due;
        Start(job, run, CancellationToken.None);
        return run;
    }

    private async Task<InFlight?> StartManualAsync(string name, CancellationToken bodyCancellation, CancellationToken cancellationToken)
    {
        var job = Jobs.FirstOrDefault(j => j.Name == name) ?? throw new ArgumentException($"no job named '{name}'", nameof(name));
        if (_inFlight.ContainsKey(job.Name) || await LiveRunAsync(job.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }

        var occurrence = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var run = await _store.TryAcquireAsync(job.Name, occurrence, InstanceId, job.Settings.Definition.Lease, JobTrigger.Manual, cancellationToken).ConfigureAwait(false);
        return run is null ? null : Start(job, run, bodyCancellation);
    }

    /// <summary>The job's latest run when it is running with a live lease (on any instance), else null.</summary>
    public async Task<JobRun?> LiveRunAsync(string job, CancellationToken cancellationToken = default)
    {
        var latest = await _store.ListRunsAsync(job, 1, cancellationToken).ConfigureAwait(false);
        return latest.Count == 1 && latest[0].StateAt(_time.GetUtcNow()) == JobRunState.Running ? latest[0] : null;
    }

    private InFlight Start(ScheduledJob job, JobRun run, CancellationToken cancellationToken)
    {
        var flight = new InFlight(job, run, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken));
        _inFlight[job.Name] = flight;
        flight.Task = Task.Run(() => ExecuteAsync(flight), CancellationToken.None);
        return flight;
    }

    private async Task ExecuteAsync(InFlight flight)
    {
        var run = flight.Run;
        try
        {
            JobOutcome outcome;
            try
            {
                var watermark = await _store.GetWatermarkAsync(run.Job, flight.Cancel.Token).ConfigureAwait(false);
                outcome = await flight.Job.Body.RunAsync(new JobContext(run, watermark, _time.GetUtcNow()), flight.Cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (flight.Cancel.IsCancellationRequested)
            {
                if (!flight.LeaseLost)
                {
                    await _store.ReleaseAsync(run.Job, run.Occurrence, InstanceId, CancellationToken.None).ConfigureAwait(false);
                }

                return;
            }
#pragma warning disable CA1031 // A job's failure of any kind is its outcome, recorded in the history; the scheduler goes on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                outcome = JobOutcome.Failure($"{ex.GetType().Name}: {ex.Message}");
            }

            // Conditional on still holding the row: after a takeover this writes nothing.
            await _store.CompleteAsync(run.Job, run.Occurrence, InstanceId, outcome, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, InFlight>(run.Job, flight));
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var flight in _inFlight.Values.Where(f => !f.Task.IsCompleted && now - f.HeartbeatAt >= f.Job.Settings.Definition.Lease / 3))
        {
            await HeartbeatAsync(flight, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HeartbeatAsync(InFlight flight, CancellationToken cancellationToken)
    {
        if (flight.Stopping || flight.LeaseLost)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (await _store.HeartbeatAsync(flight.Run.Job, flight.Run.Occurrence, InstanceId, flight.Job.Settings.Definition.Lease, cancellationToken).ConfigureAwait(false))
        {
            flight.HeartbeatAt = now;
            return;
        }

        // Expired or taken over: the body must stop, and its completion would write nothing anyway.
        flight.LeaseLost = true;
        await flight.Cancel.CancelAsync().ConfigureAwait(false);
    }

    private sealed class InFlight(ScheduledJob job, JobRun run, CancellationTokenSource cancel)
    {
        public ScheduledJob Job { get; } = job;

        public JobRun Run { get; } = run;

        public CancellationTokenSource Cancel { get; } = cancel;

        public Task Task { get; set; } = Task.CompletedTask;

        public DateTimeOffset HeartbeatAt { get; set; } = run.HeartbeatAt;

        public volatile bool Stopping;

        public volatile bool LeaseLost;
    }
}
