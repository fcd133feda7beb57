using System.Net;
using System.Text.Json;
using CloudSniper.Core.Jobs;
using CloudSniper.Server.Jobs;
using CloudSniper.Testing;

namespace CloudSniper.Server.Tests.Jobs;

/// <summary>The hosted scheduler and <c>/api/v1/jobs</c> on the in-process host, over an in-memory job store and a manual clock.</summary>
public sealed class JobsHostedServiceTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 3, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ScheduledJob Job(string name, string schedule, bool enabled, IJobBody body) =>
        new(new JobSettings(JobRegistry.Default.Find(name)!, JobSchedule.Parse(schedule), enabled), body);

    private static Task<ServerHarness> StartAsync(JobScheduler scheduler, IJobStore store, bool noJobs = false) =>
        ServerHarness.StartAsync(o =>
        {
            var options = noJobs ? new ServerOptions { ReportsDirectory = o.ReportsDirectory, NoJobs = true } : o;
            JobsHosting.Add(options, scheduler, store);
            return options;
        }, Ct);

    [Fact]
    public async Task TheHostedScheduler_RunsADueJob_AndReleasesItsLeaseOnShutdown()
    {
        // Given a server whose scheduler has a job due every 10 s that runs until it is stopped
        var time = new ManualTimeProvider(Noon);
        var store = new InMemoryJobStore(time);
        var body = new Body(hold: true);
        var scheduler = new JobScheduler([Job("block-expiry", "every 10s", true, body)], store, "instance-a", time);
        var server = await StartAsync(scheduler, store);

        // When the job has started and the server stops
        await body.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var running = await store.GetRunAsync("block-expiry", Noon.AddSeconds(-3), Ct);
        await server.DisposeAsync();

        // Then the run of 12:00:00 was held by this instance and is released (abandoned at once, not left running)
        Assert.Equal(("instance-a", JobRunState.Running), (running!.Owner, running.State));
        var released = await store.GetRunAsync("block-expiry", Noon.AddSeconds(-3), Ct);
        Assert.Equal(JobRunState.Abandoned, released!.State);
        Assert.Equal(time.GetUtcNow(), released.EndedAt);
        Assert.True(body.Cancelled);
    }

    [Fact]
    public async Task GetJobs_ListsScheduleLastRunsAndTheLeaseHolder()
    {
        var time = new ManualTimeProvider(Noon);
        var store = new InMemoryJobStore(time);
        Assert.NotNull(await store.TryAcquireAsync("kb-ttl", Noon.AddHours(-12), "instance-b", TimeSpan.FromMinutes(10), JobTrigger.Schedule, Ct));
        Assert.True(await store.CompleteAsync("kb-ttl", Noon.AddHours(-12), "instance-b", JobOutcome.Success(new Dictionary<string, long> { ["removed"] = 4 }), Ct));
        Assert.NotNull(await store.TryAcquireAsync("runbook", Noon.AddMinutes(-1), "instance-c", TimeSpan.FromMinutes(10), JobTrigger.Manual, Ct));
        var scheduler = new JobScheduler([Job("kb-ttl", "every 24h", false, new Body()), Job("runbook", "0 6 * * *", false, new Body())], store, "instance-a", time);
        await using var server = await StartAsync(scheduler, store);
        using var client = server.Client("viewer");

        using var response = await client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        Assert.Equal(["kb-ttl", "runbook"], items.Keys);
        var kb = items["kb-ttl"];
        Assert.Equal(("every 24h", false), (kb.GetProperty("schedule").GetString(), kb.GetProperty("enabled").GetBoolean()));
        var last = Assert.Single(kb.GetProperty("lastRuns").EnumerateArray());
        Assert.Equal(("succeeded", "instance-b", 4), (last.GetProperty("outcome").GetString(), last.GetProperty("instance").GetString(), last.GetProperty("figures").GetProperty("removed").GetInt32()));
        Assert.False(kb.TryGetProperty("lease", out _));
        Assert.Equal("instance-c", items["runbook"].GetProperty("lease").GetProperty("instance").GetString());
    }

    [Fact]
    public async Task PostRun_StartsTheJobForAnAdmin_AndIsRefusedWhileItRuns()
    {
        var time = new ManualTimeProvider(Noon);
        var store = new InMemoryJobStore(time);
        var body = new Body(hold: true);
        var scheduler = new JobScheduler([Job("ip-ranges", "every 24h", false, body)], store, "instance-a", time);
        await using var server = await StartAsync(scheduler, store);
        using var admin = server.Client("admin");

        using var started = await admin.PostAsync(new Uri("/api/v1/jobs/ip-ranges/run", UriKind.Relative), null, Ct);
        await body.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        using var again = await admin.PostAsync(new Uri("/api/v1/jobs/ip-ranges/run", UriKind.Relative), null, Ct);
        body.Release.SetResult();
        await scheduler.DrainAsync();
        using var unknown = await admin.PostAsync(new Uri("/api/v1/jobs/backup/run", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        using var run = JsonDocument.Parse(await started.Content.ReadAsStringAsync(Ct));
        Assert.Equal(("manual", "running", "instance-a"), (run.RootElement.GetProperty("trigger").GetString(), run.RootElement.GetProperty("outcome").GetString(), run.RootElement.GetProperty("instance").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("instance-a", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(JobRunState.Succeeded, Assert.Single(await store.ListRunsAsync("ip-ranges", 10, Ct)).State);
        var audit = new List<Core.KnowledgeBase.AuditEntry>();
        await foreach (var entry in server.KnowledgeBase.ListAuditAsync(new Core.KnowledgeBase.AuditQuery(Subject: "ip-ranges"), Ct))
        {
            audit.Add(entry);
        }

        // Both entries carry the same (manual) time, so their order is not asserted.
        Assert.Equal([("apikey:admin-key", "job-run", "refused"), ("apikey:admin-key", "job-run", "started")], audit.Select(a => (a.Actor, a.Action, a.Outcome)).Order());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData("responder", HttpStatusCode.Forbidden)]
    [InlineData("scoped", HttpStatusCode.Forbidden)]
    public async Task PostRun_NeedsTheAdminRole(string? role, HttpStatusCode expected)
    {
        var time = new ManualTimeProvider(Noon);
        var store = new InMemoryJobStore(time);
        var body = new Body();
        var scheduler = new JobScheduler([Job("ip-ranges", "every 24h", false, body)], store, "instance-a", time);
        await using var server = await StartAsync(scheduler, store);
        using var client = server.Client(role);

        using var response = await client.PostAsync(new Uri("/api/v1/jobs/ip-ranges/run", UriKind.Relative), null, Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(await store.ListRunsAsync(null, 10, Ct));
    }

    [Fact]
    public async Task PostRun_OnAnInstanceWithoutJobs_IsAConflict()
    {
        var time = new ManualTimeProvider(Noon);
        var store = new InMemoryJobStore(time);
        var scheduler = new JobScheduler([Job("ip-ranges", "every 24h", true, new Body())], store, "instance-a", time);
        await using var server = await StartAsync(scheduler, store, noJobs: true);
        using var admin = server.Client("admin");

        using var response = await admin.PostAsync(new Uri("/api/v1/jobs/ip-ranges/run", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Empty(await store.ListRunsAsync(null, 10, Ct));
    }

    private sealed class Body(bool hold = false) : IJobBody
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Cancelled { get; private set; }

        public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            if (hold)
            {
                try
                {
                    await Release.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Cancelled = true;
                    throw;
                }
            }

            return JobOutcome.Success();
        }
    }
}
