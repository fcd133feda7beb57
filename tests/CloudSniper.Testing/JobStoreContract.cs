using CloudSniper.Core.Jobs;

namespace CloudSniper.Testing;

/// <summary>
/// The lease semantics every job store must have (in memory, SQLite file, DynamoDB), as <see cref="IJobStore"/> documents
/// them, and the scheduler on top of them: two instances run a job once per occurrence, a holder that stops
/// heartbeating is taken over after its lease expires, completion is final, watermarks round-trip. Derive and
/// implement <see cref="Open"/>.
/// </summary>
public abstract class JobStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>A new store object over this test's one backing store (file or table), reading "now" from <paramref name="time"/>; each call is another instance's view.</summary>
    protected abstract IJobStore Open(TimeProvider time);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<IJobStore> OpenInitializedAsync(TimeProvider time)
    {
        var store = Open(time);
        await store.InitializeAsync(Ct);
        await store.InitializeAsync(Ct);
        return store;
    }

    [Fact]
    public async Task Acquire_IsExclusiveWhileTheLeaseLives_ThenATakeoverIsRecorded()
    {
        // Given instance a holding the occurrence's lease
        var time = new ManualTimeProvider(Start);
        await using var a = await OpenInitializedAsync(time);
        await using var b = await OpenInitializedAsync(time);
        var occurrence = Start;
        var held = await a.TryAcquireAsync("block-expiry", occurrence, "a", Lease, JobTrigger.Schedule, Ct);
        Assert.NotNull(held);
        Assert.Equal(JobRunState.Running, held.State);
        Assert.Null(held.TakenOverFrom);

        // When b tries before and after the expiry
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(await b.TryAcquireAsync("block-expiry", occurrence, "b", Lease, JobTrigger.Schedule, Ct));
        time.Advance(TimeSpan.FromSeconds(1));
        var reported = await b.GetRunAsync("block-expiry", occurrence, Ct);
        var taken = await b.TryAcquireAsync("block-expiry", occurrence, "b", Lease, JobTrigger.Schedule, Ct);

        // Then the expired lease reads as abandoned, b takes it over, and a can neither heartbeat nor complete
        Assert.NotNull(reported);
        Assert.Equal(JobRunState.Abandoned, reported.StateAt(time.GetUtcNow()));
        Assert.NotNull(taken);
        Assert.Equal("b", taken.Owner);
        Assert.Equal("a", taken.TakenOverFrom);
        Assert.False(await a.HeartbeatAsync("block-expiry", occurrence, "a", Lease, Ct));
        Assert.False(await a.CompleteAsync("block-expiry", occurrence, "a", JobOutcome.Success(), Ct));
        Assert.True(await b.CompleteAsync("block-expiry", occurrence, "b", JobOutcome.Success(new Dictionary<string, long> { ["removed"] = 3 }), Ct));
        var run = await a.GetRunAsync("block-expiry", occurrence, Ct);
        Assert.NotNull(run);
        Assert.Equal(("b", "a", JobRunState.Succeeded, 3L), (run.Owner, run.TakenOverFrom, run.State, run.Figures["removed"]));
        Assert.Equal(Start.AddMinutes(1), run.AcquiredAt);
        Assert.Equal(Start.AddMinutes(1), run.EndedAt);
    }

    [Fact]
    public async Task Heartbeat_ExtendsTheLeaseFromNow()
    {
        var time = new ManualTimeProvider(Start);
        await using var store = await OpenInitializedAsync(time);
        Assert.NotNull(await store.TryAcquireAsync("kb-ttl", Start, "a", Lease, JobTrigger.Schedule, Ct));

        time.Advance(TimeSpan.FromSeconds(50));
        Assert.True(await store.HeartbeatAsync("kb-ttl", Start, "a", Lease, Ct));
        time.Advance(TimeSpan.FromSeconds(50));

        // 100 s after acquiring, past the first expiry but inside the extended one (50 s + 60 s)
        Assert.Null(await store.TryAcquireAsync("kb-ttl", Start, "b", Lease, JobTrigger.Schedule, Ct));
        var run = await store.GetRunAsync("kb-ttl", Start, Ct);
        Assert.NotNull(run);
        Assert.Equal(Start.AddSeconds(50), run.HeartbeatAt);
        Assert.Equal(Start.AddSeconds(110), run.ExpiresAt);
        Assert.Equal(JobRunState.Running, run.StateAt(time.GetUtcNow()));

        // Once expired, the holder's heartbeat fails: it must stop.
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(await store.HeartbeatAsync("kb-ttl", Start, "a", Lease, Ct));
    }

    [Fact]
    public async Task CompletedOccurrence_IsNeverAcquiredAgain()
    {
        var time = new ManualTimeProvider(Start);
        await using var store = await OpenInitializedAsync(time);
        Assert.NotNull(await store.TryAcquireAsync("ip-ranges", Start, "a", Lease, JobTrigger.Schedule, Ct));
        Assert.True(await store.CompleteAsync("ip-ranges", Start, "a", JobOutcome.Failure("download failed"), Ct));

        time.Advance(TimeSpan.FromDays(2));
        Assert.Null(await store.TryAcquireAsync("ip-ranges", Start, "b", Lease, JobTrigger.Schedule, Ct));
        Assert.Null(await store.TryAcquireAsync("ip-ranges", Start, "a", Lease, JobTrigger.Schedule, Ct));
        Assert.False(await store.CompleteAsync("ip-ranges", Start, "a", JobOutcome.Success(), Ct));
        var run = await store.GetRunAsync("ip-ranges", Start, Ct);
        Assert.NotNull(run);
        Assert.Equal((JobRunState.Failed, "download failed"), (run.StateAt(time.GetUtcNow()), run.Error));
    }

    [Fact]
    public async Task Release_LetsAnotherInstanceTakeOverWithoutWaiting()
    {
        var time = new ManualTimeProvider(Start);
        await using var store = await OpenInitializedAsync(time);
        Assert.NotNull(await store.TryAcquireAsync("runbook", Start, "a", Lease, JobTrigger.Schedule, Ct));
        Assert.False(await store.ReleaseAsync("runbook", Start, "b", Ct));
        Assert.True(await store.ReleaseAsync("runbook", Start, "a", Ct));

        var released = await store.GetRunAsync("runbook", Start, Ct);
        Assert.NotNull(released);
        Assert.Equal(JobRunState.Abandoned, released.State);
        var taken = await store.TryAcquireAsync("runbook", Start, "b", Lease, JobTrigger.Schedule, Ct);
        Assert.NotNull(taken);
        Assert.Equal("a", taken.TakenOverFrom);
    }

    [Fact]
    public async Task ConcurrentAcquires_ExactlyOneWins()
    {
        var time = new ManualTimeProvider(Start);
        var stores = new List<IJobStore>();
        for (var i = 0; i < 6; i++)
        {
            stores.Add(await OpenInitializedAsync(time));
        }

        var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => s.TryAcquireAsync("beacons", Start, "i" + i, Lease, JobTrigger.Schedule, Ct), Ct)));
        var winner = Assert.Single(results, r => r is not null);
        var stored = await stores[0].GetRunAsync("beacons", Start, Ct);
        Assert.Equal(winner!.Owner, stored!.Owner);
        foreach (var s in stores)
        {
            await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task ConcurrentTakeoversOfAnExpiredLease_ExactlyOneWins()
    {
        var time = new ManualTimeProvider(Start);
        var stores = new List<IJobStore>();
        for (var i = 0; i < 6; i++)
        {
            stores.Add(await OpenInitializedAsync(time));
        }

        Assert.NotNull(await stores[0].TryAcquireAsync("kb-ttl", Start, "dead", Lease, JobTrigger.Schedule, Ct));
        time.Advance(Lease + TimeSpan.FromSeconds(1));

        var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => s.TryAcquireAsync("kb-ttl", Start, "t" + i, Lease, JobTrigger.Schedule, Ct), Ct)));
        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal("dead", winner!.TakenOverFrom);
        var stored = await stores[0].GetRunAsync("kb-ttl", Start, Ct);
        Assert.Equal((winner.Owner, "dead"), (stored!.Owner, stored.TakenOverFrom));
        foreach (var s in stores)
        {
            await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task Watermark_RoundTrips_AndAdvancesOnlyWithASuccess()
    {
        var time = new ManualTimeProvider(Start);
        await using var store = await OpenInitializedAsync(time);
        Assert.Null(await store.GetWatermarkAsync("beacons", Ct));
        await store.SetWatermarkAsync("beacons", "2026-11-23T11:00:00.0000000+00:00", Ct);
        Assert.Equal("2026-11-23T11:00:00.0000000+00:00", await store.GetWatermarkAsync("beacons", Ct));

        Assert.NotNull(await store.TryAcquireAsync("beacons", Start, "a", Lease, JobTrigger.Schedule, Ct));
        Assert.True(await store.CompleteAsync("beacons", Start, "a", new JobOutcome(false, new Dictionary<string, long>(), "s3 down", Watermark: "ignored"), Ct));
        Assert.Equal("2026-11-23T11:00:00.0000000+00:00", await store.GetWatermarkAsync("beacons", Ct));

        Assert.NotNull(await store.TryAcquireAsync("beacons", Start.AddHours(1), "a", Lease, JobTrigger.Schedule, Ct));
        Assert.True(await store.CompleteAsync("beacons", Start.AddHours(1), "a", JobOutcome.Success(watermark: "2026-11-23T13:00:00.0000000+00:00"), Ct));
        Assert.Equal("2026-11-23T13:00:00.0000000+00:00", await store.GetWatermarkAsync("beacons", Ct));
        Assert.Null(await store.GetWatermarkAsync("runbook", Ct));
    }

    [Fact]
    public async Task ListRuns_IsNewestOccurrenceFirst_PerJobOrAll()
    {
        var time = new ManualTimeProvider(Start);
        await using var store = await OpenInitializedAsync(time);
        foreach (var (job, minutes) in new[] { ("kb-ttl", 0), ("block-expiry", 15), ("kb-ttl", 30), ("block-expiry", 45) })
        {
            Assert.NotNull(await store.TryAcquireAsync(job, Start.AddMinutes(minutes), "a", Lease, minutes == 30 ? JobTrigger.Manual : JobTrigger.Schedule, Ct));
        }

        var all = await store.ListRunsAsync(null, 10, Ct);
        Assert.Equal([("block-expiry", 45), ("kb-ttl", 30), ("block-expiry", 15), ("kb-ttl", 0)], all.Select(r => (r.Job, (int)(r.Occurrence - Start).TotalMinutes)));
        var kb = await store.ListRunsAsync("kb-ttl", 1, Ct);
        Assert.Equal(Start.AddMinutes(30), Assert.Single(kb).Occurrence);
        Assert.Equal(JobTrigger.Manual, kb[0].Trigger);
    }

    [Fact]
    public async Task TwoSchedulers_RunAJobExactlyOncePerOccurrence()
    {
        // Given two instances on one store and a job every 10 s that records each occurrence it runs
        var time = new ManualTimeProvider(Start.AddSeconds(3));
        await using var storeA = await OpenInitializedAsync(time);
        await using var storeB = await OpenInitializedAsync(time);
        var body = new RecordingBody();
        var job = Job("block-expiry", "every 10s", body);
        await using var a = new JobScheduler([job], storeA, "instance-a", time);
        await using var b = new JobScheduler([job], storeB, "instance-b", time);

        // When both tick through six occurrences, at the same moments
        for (var i = 0; i < 6; i++)
        {
            await Task.WhenAll(a.TickAsync(Ct), b.TickAsync(Ct));
            await Task.WhenAll(a.DrainAsync(), b.DrainAsync());
            await Task.WhenAll(a.TickAsync(Ct), b.TickAsync(Ct));
            await Task.WhenAll(a.DrainAsync(), b.DrainAsync());
            time.Advance(TimeSpan.FromSeconds(10));
        }

        // Then each occurrence ran once, and the history has one succeeded run each
        var expected = Enumerable.Range(0, 6).Select(i => Start.AddSeconds(10 * i)).ToList();
        Assert.Equal(expected, body.Occurrences.Order());
        var history = await storeA.ListRunsAsync("block-expiry", 100, Ct);
        Assert.Equal(expected, history.Select(r => r.Occurrence).Order());
        Assert.All(history, r => Assert.Equal(JobRunState.Succeeded, r.State));
        Assert.All(history, r => Assert.Contains(r.Owner, new[] { "instance-a", "instance-b" }));
    }

    [Fact]
    public async Task HolderThatStopsHeartbeating_IsTakenOverAfterExpiry_AndTheHistorySaysSo()
    {
        // Given instance a running the 06:00 occurrence of a daily job, then going silent (as if killed)
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 5, TimeSpan.Zero));
        await using var storeA = await OpenInitializedAsync(time);
        await using var storeB = await OpenInitializedAsync(time);
        var stuck = new StuckBody();
        var done = new RecordingBody();
        var a = new JobScheduler([Job("runbook", "0 6 * * *", stuck)], storeA, "instance-a", time);
        await using var b = new JobScheduler([Job("runbook", "0 6 * * *", done)], storeB, "instance-b", time);
        var occurrence = new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);
        Assert.Equal(occurrence, Assert.Single(await a.TickAsync(Ct)).Occurrence);
        await stuck.Started.Task.WaitAsync(Ct);

        // When b ticks while the lease lives, and again after it expired
        Assert.Empty(await b.TickAsync(Ct));
        time.Advance(Lease);
        var taken = Assert.Single(await b.TickAsync(Ct));
        await b.DrainAsync();

        // Then b ran the same occurrence, recorded as taken over from a; a's late completion changes nothing
        Assert.Equal("instance-a", taken.TakenOverFrom);
        Assert.Equal([occurrence], done.Occurrences);
        stuck.Finish.SetResult();
        await a.DrainAsync();
        var run = Assert.Single(await storeA.ListRunsAsync("runbook", 10, Ct));
        Assert.Equal((occurrence, "instance-b", "instance-a", JobRunState.Succeeded), (run.Occurrence, run.Owner, run.TakenOverFrom, run.StateAt(time.GetUtcNow())));
        Assert.Empty(await b.TickAsync(Ct));
        Assert.Equal(1, done.Occurrences.Count);
    }

    [Fact]
    public async Task StoppingAScheduler_ReleasesItsLease_AndAnotherTakesItOverAtOnce()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 5, TimeSpan.Zero));
        await using var storeA = await OpenInitializedAsync(time);
        await using var storeB = await OpenInitializedAsync(time);
        var cancellable = new StuckBody(honoursCancellation: true);
        var a = new JobScheduler([Job("runbook", "0 6 * * *", cancellable)], storeA, "instance-a", time);
        await using var b = new JobScheduler([Job("runbook", "0 6 * * *", new RecordingBody())], storeB, "instance-b", time);
        Assert.Single(await a.TickAsync(Ct));
        await cancellable.Started.Task.WaitAsync(Ct);

        await a.StopAsync(TimeSpan.FromSeconds(30));
        var released = Assert.Single(await storeB.ListRunsAsync("runbook", 10, Ct));
        Assert.Equal(JobRunState.Abandoned, released.State);
        var taken = Assert.Single(await b.TickAsync(Ct));
        await b.DrainAsync();
        Assert.Equal("instance-a", taken.TakenOverFrom);
        Assert.Equal(JobRunState.Succeeded, (await storeB.GetRunAsync("runbook", taken.Occurrence, Ct))!.State);
    }

    private static ScheduledJob Job(string name, string schedule, IJobBody body) =>
        new(new JobSettings(JobRegistry.Default.Find(name)! with { Lease = Lease }, JobSchedule.Parse(schedule), Enabled: true), body);

    private sealed class RecordingBody : IJobBody
    {
        private readonly List<DateTimeOffset> _occurrences = [];

        public IReadOnlyList<DateTimeOffset> Occurrences
        {
            get
            {
                lock (_occurrences)
                {
                    return [.. _occurrences];
                }
            }
        }

        public Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
        {
            lock (_occurrences)
            {
                _occurrences.Add(context.Run.Occurrence);
            }

            return Task.FromResult(JobOutcome.Success(new Dictionary<string, long> { ["runs"] = 1 }));
        }
    }

    private sealed class StuckBody(bool honoursCancellation = false) : IJobBody
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Finish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await (honoursCancellation ? Finish.Task.WaitAsync(cancellationToken) : Finish.Task);
            return JobOutcome.Success();
        }
    }
}
