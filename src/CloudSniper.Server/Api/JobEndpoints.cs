using CloudSniper.Core.Jobs;
using CloudSniper.Server.Jobs;
using CloudSniper.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CloudSniper.Server.Api;

/// <summary><c>/api/v1/jobs</c>: the scheduled jobs with their schedules, last runs and lease holders, and running one now (admin).</summary>
internal static class JobEndpoints
{
    private const int LastRuns = 5;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/jobs", ListAsync).WithSummary("Every scheduled job: on/off, schedule, next run, its last runs and the instance holding its lease");
        api.MapPost("/jobs/{name}/run", RunAsync).RequireAuthorization(ApiPolicies.Admin)
            .WithSummary("Start a job now under a lease (202 with the run; 409 while a run of it is live on any instance)");
    }

    private static async Task<IResult> ListAsync(HttpContext http, TimeProvider time, CancellationToken ct)
    {
        if (http.RequestServices.GetService<JobsRuntime>() is not { } jobs)
        {
            return Problems.NotFound("this server has no scheduled jobs");
        }

        var now = time.GetUtcNow();
        var items = new List<object>();
        foreach (var job in jobs.Scheduler.Jobs)
        {
            var runs = await jobs.Store.ListRunsAsync(job.Name, LastRuns, ct).ConfigureAwait(false);
            var live = runs.FirstOrDefault(r => r.StateAt(now) == JobRunState.Running);
            items.Add(new
            {
                name = job.Name,
                description = job.Settings.Definition.Description,
                enabled = job.Settings.Enabled,
                schedule = job.Settings.Schedule.Text,
                nextRun = job.Settings.Enabled && jobs.Running ? JobScheduler.NextRun(job.Settings, now) : null,
                lease = live is null ? null : new { instance = live.Owner, occurrence = live.Occurrence, expires = live.ExpiresAt },
                lastRuns = runs.Select(r => View(r, now)),
            });
        }

        return Results.Json(new { instance = jobs.Scheduler.InstanceId, running = jobs.Running, items }, ApiJson.Options);
    }

    private static async Task<IResult> RunAsync(HttpContext http, string name, ServerServices services, CancellationToken ct)
    {
        if (http.RequestServices.GetService<JobsRuntime>() is not { } jobs || jobs.Scheduler.Jobs.All(j => j.Name != name))
        {
            return Problems.NotFound($"no job named '{name}'");
        }

        if (!jobs.Running)
        {
            return Problems.Conflict("this instance runs no jobs (--no-jobs); ask one that does");
        }

        var caller = Caller.From(http.User);
        var run = await jobs.Scheduler.StartNowAsync(name, ct).ConfigureAwait(false);
        if (run is null)
        {
            var live = await jobs.Scheduler.LiveRunAsync(name, ct).ConfigureAwait(false);
            await ApiAudit.WriteAsync(services, caller, "job-run", name, "refused", null, new { holder = live?.Owner }, ct).ConfigureAwait(false);
            return Problems.Conflict(live is null
                ? $"{name}: the lease for this instant was taken"
                : $"{name} is running on {live.Owner} until {live.ExpiresAt:O} at the latest");
        }

        await ApiAudit.WriteAsync(services, caller, "job-run", name, "started", null, new { occurrence = run.Occurrence, instance = run.Owner }, ct).ConfigureAwait(false);
        return Results.Json(View(run, services.Time.GetUtcNow()), ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static object View(JobRun r, DateTimeOffset now) => new
    {
        job = r.Job,
        occurrence = r.Occurrence,
        trigger = r.Trigger,
        instance = r.Owner,
        started = r.AcquiredAt,
        heartbeat = r.HeartbeatAt,
        expires = r.ExpiresAt,
        ended = r.EndedAt,
        outcome = r.StateAt(now),
        figures = r.Figures,
        error = r.Error,
        takenOverFrom = r.TakenOverFrom,
    };
}
