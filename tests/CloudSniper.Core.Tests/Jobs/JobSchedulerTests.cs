using CloudSniper.Core.Jobs;
using CloudSniper.Testing;

namespace CloudSniper.Core.Tests.Jobs;

/// <summary>The scheduler's decisions with a manual clock: the backlog, on/off, one run at a time, failures, lost leases, heartbeats.</summary>
public sealed class JobSchedulerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ScheduledJob Job(string schedule, IJobBody body, bool enabled = true, string name = "block-expiry") =>
        new(new JobSettings(JobRegistry.Default.Find(name)! with { Lease = Lease }, JobSchedule.Parse(schedule), enabled), body);

    [Fact]
    public async Task Tick_AfterMissedOccurrences_RunsOnlyTheLatest()
    {
        // Given the 12:00:00 occurrence done, and the scheduler asleep until 12:00:35
        var time = new ManualTimeProvider(Noon);
        var store = new InMemoryJobStore(time);
        var body = new Body();
        await using var scheduler = new JobScheduler([Job("every 10s", body)], store, "a", time);
        await scheduler.TickAsync(Ct);
        await scheduler.DrainAsync();
        time.Advance(TimeSpan.FromSeconds(35));

        // When it ticks twice
        var started = await scheduler.TickAsync(Ct);
        await scheduler.DrainAsync();
        await scheduler.TickAsync(Ct);
        await scheduler.DrainAsync();

        // Then 12:00:10 and 12:00:20 were skipped and 12:00:30 ran once
        Assert.Equal(Noon.AddSeconds(30), Assert.Single(started).Occurrence);
        Assert.Equal([Noon, Noon.AddSeconds(30)], body.Seen);
        Assert.Equal([Noon.AddSeconds(30), Noon], (await store.ListRunsAsync(null, 10, Ct)).Select(r => r.Occurrence));
    }

    [Fact]
    public async Task Tick_LeavesADisabledJobAlone_ButRunNowRunsIt()
    {
        var time = new ManualTimeProvider(Noon);
        var store = new InMemoryJobStore(time);
        var body = new Body();
        await using var scheduler = new JobScheduler([Job("every 10s", body, enabled: false)], store, "a", time);

        Assert.Empty(await scheduler.TickAsync(Ct));
        time.Advance(TimeSpan.FromMilliseconds(1500));
        var run = await scheduler.RunNowAsync("block-expiry", Ct);

        Assert.NotNull(run);
        Assert.Equal((JobTrigger.Manual, JobRunState.Succeeded, Noon.AddMilliseconds(1500)), (run.Trigger, run.State, run.Occurrence));
        Assert.Equal(1, run.Figures["calls"]);
        Assert.Equal([Noon.AddMilliseconds(1500)], body.Seen);
    }

    [Fact]
    public async Task Tick_WaitsWhileAnEarlierOccurrenceRunsElsewhere()
    {
        // Given instance b holding the 12:00 occurrence
        var time = new ManualTimeProvider(Noon);
        var store = new InMemoryJobStore(time);
        var body = new Body();
        await using var scheduler = new JobScheduler([Job("every 10s", body)], store, "a", time);
        Assert.NotNull(await store.TryAcquireAsync("block-expiry", Noon, "b", Lease, JobTrigger.Schedule, Ct));

        // When 12:00:10 comes due while b still runs, and again after b finished
        time.Advance(TimeSpan.FromSeconds(10));
        var whileHeld = await scheduler.TickAsync(Ct);
        Assert.True(await store.CompleteAsync("block-expiry", Noon, "b", JobOutcome.Success(), Ct));
        var afterwards = await scheduler.TickAsync(Ct);
        await scheduler.DrainAsync();

        // Then a ran 12:00:10 only after b's run ended
        Assert.Empty(whileHeld);
        Assert.Equal(Noon.AddSeconds(10), Assert.Single(afterwards).Occurrence);
        Assert.Equal([Noon.AddSeconds(10)], body.Seen);
    }

    [Fact]
    public async Task AFailingBody_IsRecordedAsFailed_AndTheNextOccurrenceRunsAgain()
    {
        var time = new ManualTimeProvider(Noon);
        var store = new InMemoryJobStore(time);
        var body = new Body { Throw = new InvalidOperationException("table not found") };
        await using var scheduler = new JobScheduler([Job("every 10s", body)], store, "a", time);

        await scheduler.TickAsync(Ct);
        await scheduler.DrainAsync();
        body.Throw = null;
        time.Advance(TimeSpan.FromSeconds(10));
        await scheduler.TickAsync(Ct);
        await scheduler.DrainAsync();

        var runs = await store.ListRunsAsync("block-expiry", 10, Ct);
        Assert.Equal([JobRunState.Succeeded, JobRunState.Failed], runs.Select(r => r.State));
        Assert.Equal("InvalidOperationException: table not found", runs[1].Error);
        Assert.Null(runs[0].Error);
    }

    [Fact]
    public async Task Heartbeats_FromTicks_KeepTheLeaseAliveWhileTheBodyRuns()
    {
        var time = new ManualTimeProvider(Noon.AddSeconds(1));
        var store = new InMemoryJobStore(time);
        var body = new Body { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var scheduler = new JobScheduler([Job("0 12 * * *", body)], store, "a", time);
        Assert.Single(await scheduler.TickAsync(Ct));

        // Three minutes of ticks every 20 s, three times the lease
        for (var i = 0; i < 9; i++)
        {
            time.Advance(TimeSpan.FromSeconds(20));
            await scheduler.TickAsync(Ct);
            Assert.Null(await store.TryAcquireAsync("block-expiry", Noon, "b", Lease, JobTrigger.Schedule, Ct));
        }

        var run = await store.GetRunAsync("block-expiry", Noon, Ct);
        Assert.Equal(JobRunState.Running, run!.StateAt(time.GetUtcNow()));
        Assert.Equal(time.GetUtcNow() + Lease, run.ExpiresAt);
        body.Hold.SetResult();
        await scheduler.DrainAsync();
        Assert.Equal(JobRunState.Succeeded, (await store.GetRunAsync("block-expiry", Noon, Ct))!.State);
    }

    [Fact]
    public async Task ALostLease_CancelsTheBody_AndWritesNothing()
    {
        // Given a's run whose lease expired (no tick for two minutes) and was taken over by b
        var time = new ManualTimeProvider(Noon.AddSeconds(1));
        var store = new InMemoryJobStore(time);
        var body = new Body { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var scheduler = new JobScheduler([Job("0 12 * * *", body)], store, "a", time);
        Assert.Single(await scheduler.TickAsync(Ct));
        await body.Entered.Task.WaitAsync(Ct);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.NotNull(await store.TryAcquireAsync("block-expiry", Noon, "b", Lease, JobTrigger.Schedule, Ct));

        // When a ticks again: its heartbeat fails
        await scheduler.TickAsync(Ct);
        await scheduler.DrainAsync();

        // Then its body saw the cancellation, and b's row is untouched
        Assert.True(body.Cancelled);
        var run = await store.GetRunAsync("block-expiry", Noon, Ct);
        Assert.Equal(("b", JobRunState.Running), (run!.Owner, run.State));
    }

    [Fact]
    public async Task StartNow_ReturnsTheLeaseAtOnce_AndTicksHeartbeatItUntilTheBodyEnds()
    {
        var time = new ManualTimeProvider(Noon);
        var store = new InMemoryJobStore(time);
        var body = new Body { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var scheduler = new JobScheduler([Job("every 24h", body, enabled: false)], store, "a", time);

        var started = await scheduler.StartNowAsync("block-expiry", Ct);
        var again = await scheduler.StartNowAsync("block-expiry", Ct);
        time.Advance(TimeSpan.FromSeconds(40));
        await scheduler.TickAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(40));
        var live = await store.GetRunAsync("block-expiry", Noon, Ct);
        body.Hold.SetResult();
        await scheduler.DrainAsync();

        Assert.NotNull(started);
        Assert.Equal((JobTrigger.Manual, JobRunState.Running), (started.Trigger, started.State));
        Assert.Null(again);
        Assert.Equal(JobRunState.Running, live!.StateAt(time.GetUtcNow()));
        Assert.Equal(JobRunState.Succeeded, (await store.GetRunAsync("block-expiry", Noon, Ct))!.State);
    }

    [Fact]
    public void NextRun_IsTheScheduleNextOccurrence()
    {
        var settings = new JobSettings(JobRegistry.Default.Find("runbook")!, JobSchedule.Parse("0 6 * * *"), true);

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero), JobScheduler.NextRun(settings, Noon));
    }

    private sealed class Body : IJobBody
    {
        private readonly List<DateTimeOffset> _seen = [];

        public Exception? Throw { get; set; }

        public TaskCompletionSource? Hold { get; init; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Cancelled { get; private set; }

        public IReadOnlyList<DateTimeOffset> Seen
        {
            get
            {
                lock (_seen)
                {
                    return [.. _seen];
                }
            }
        }

        public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
        {
            lock (_seen)
            {
                _seen.Add(context.Run.Occurrence);
            }

            Entered.TrySetResult();
            if (Throw is { } ex)
            {
                throw ex;
            }

            if (Hold is not null)
            {
                try
                {
                    await Hold.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Cancelled = true;
                    throw;
                }
            }

            return JobOutcome.Success(new Dictionary<string, long> { ["calls"] = 1 });
        }
    }
}
