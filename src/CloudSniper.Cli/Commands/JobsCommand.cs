using System.CommandLine;
using System.Globalization;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Jobs;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Jobs;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper jobs list|run|history</c>: the scheduled jobs, their leases and their runs, in the store every instance shares.</summary>
public static class JobsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("jobs", "Scheduled jobs (block expiry, runbook, beacons, ip-ranges, kb-ttl): their schedules, leases and run history, and running one now");

        var listFormat = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var list = new Command("list", "List every job: on/off, schedule, next run, last run and its outcome, and the instance holding its lease");
        list.Options.Add(listFormat);
        list.SetAction(async (parse, ct) =>
        {
            await using var host = await JobHost.OpenAsync(env, parse, ct).ConfigureAwait(false);
            var now = env.Time.GetUtcNow();
            var rows = new List<JobRow>();
            foreach (var job in host.Scheduler.Jobs)
            {
                var last = (await host.Store.ListRunsAsync(job.Name, 1, ct).ConfigureAwait(false)).FirstOrDefault();
                var live = last is not null && last.StateAt(now) == JobRunState.Running;
                rows.Add(new JobRow(
                    job.Name, job.Settings.Enabled, job.Settings.Schedule.Text, job.Settings.Enabled ? JobScheduler.NextRun(job.Settings, now) : null,
                    last?.Occurrence, last is null ? null : State(last.StateAt(now)), live ? last!.Owner : null, live ? last!.ExpiresAt : null,
                    job.Settings.Definition.Description));
            }

            DataWriter.Write(
                env,
                parse.GetValue(listFormat),
                rows,
                [
                    new("Job", r => r.Name, Whole: true),
                    new("On", r => r.Enabled ? "on" : "off"),
                    new("Schedule", r => r.Schedule),
                    new("Next run", r => r.NextRun),
                    new("Last run", r => r.LastRun),
                    new("Outcome", r => r.LastOutcome),
                    new("Lease holder", r => r.LeaseHolder is null ? null : $"{r.LeaseHolder} (until {DataWriter.Cell(r.LeaseExpires)})"),
                ],
                title: "Jobs");
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(list);

        var name = new Argument<string>("name") { Description = "The job: " + string.Join(", ", JobRegistry.Default.All.Select(j => j.Name)) };
        var run = new Command("run", "Run a job now, on or off, under a lease (refused while another instance runs it); records the run; exit 0 on success, else the job's failure code (4 for AWS)");
        run.Arguments.Add(name);
        run.SetAction(async (parse, ct) =>
        {
            var job = parse.GetValue(name)!;
            if (JobRegistry.Default.Find(job) is null)
            {
                throw new UsageException($"unknown job '{job}'; the jobs are {string.Join(", ", JobRegistry.Default.All.Select(j => j.Name))}");
            }

            await using var host = await JobHost.OpenAsync(env, parse, ct).ConfigureAwait(false);
            var result = await host.Scheduler.RunNowAsync(job, ct).ConfigureAwait(false);
            if (result is null)
            {
                var holder = await host.Scheduler.LiveRunAsync(job, ct).ConfigureAwait(false);
                await env.Error.WriteLineAsync(holder is null
                    ? $"sniper: {job}: the lease for this instant was taken; not started"
                    : $"sniper: {job} is running on {holder.Owner} (occurrence {DataWriter.Cell(holder.Occurrence)}, lease until {DataWriter.Cell(holder.ExpiresAt)}); not started").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            var state = result.StateAt(env.Time.GetUtcNow());
            var seconds = ((result.EndedAt ?? env.Time.GetUtcNow()) - result.AcquiredAt).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            await env.Out.WriteLineAsync($"{job}: {State(state)} in {seconds}s{(result.Figures.Count > 0 ? " (" + Figures(result.Figures) + ")" : "")}").ConfigureAwait(false);
            if (result.Error is { } error)
            {
                await env.Error.WriteLineAsync($"sniper: {job}: {error}").ConfigureAwait(false);
            }

            return state == JobRunState.Succeeded ? ExitCodes.Ok : host.LastOutcome(job)?.ExitCode is { } code and not 0 ? code : ExitCodes.Failure;
        });
        command.Subcommands.Add(run);

        var historyName = new Argument<string?>("name") { Description = "Only this job's runs", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit", "-n") { Description = "Runs to list, newest first", DefaultValueFactory = _ => 50 };
        var historyFormat = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Jsonl, OutputFormat.Csv);
        var history = new Command("history", "List recorded runs, newest occurrence first: start, end, instance, outcome, figures, error and the instance a run took over from");
        history.Arguments.Add(historyName);
        history.Options.Add(limit);
        history.Options.Add(historyFormat);
        history.SetAction(async (parse, ct) =>
        {
            var only = parse.GetValue(historyName);
            if (only is not null && JobRegistry.Default.Find(only) is null)
            {
                throw new UsageException($"unknown job '{only}'; the jobs are {string.Join(", ", JobRegistry.Default.All.Select(j => j.Name))}");
            }

            if (parse.GetValue(limit) is < 1 or > 10_000)
            {
                throw new UsageException("--limit must be between 1 and 10000");
            }

            await using var host = await JobHost.OpenAsync(env, parse, ct).ConfigureAwait(false);
            var now = env.Time.GetUtcNow();
            var runs = await host.Store.ListRunsAsync(only, parse.GetValue(limit), ct).ConfigureAwait(false);
            DataWriter.Write(
                env,
                parse.GetValue(historyFormat),
                runs,
                [
                    new("Job", r => r.Job, Whole: true),
                    new("Occurrence", r => r.Occurrence),
                    new("Trigger", r => r.Trigger.ToString().ToLowerInvariant(), Drop: 3),
                    new("Instance", r => r.Owner),
                    new("Started", r => r.AcquiredAt, Drop: 2),
                    new("Ended", r => r.EndedAt),
                    new("Outcome", r => State(r.StateAt(now))),
                    new("Figures", r => Figures(r.Figures), Drop: 1),
                    new("Error", r => r.Error),
                    new("Taken over from", r => r.TakenOverFrom),
                ],
                json: r => new
                {
                    job = r.Job, occurrence = r.Occurrence, trigger = r.Trigger.ToString().ToLowerInvariant(), instance = r.Owner, started = r.AcquiredAt,
                    heartbeat = r.HeartbeatAt, expires = r.ExpiresAt, ended = r.EndedAt, outcome = State(r.StateAt(now)), figures = r.Figures, error = r.Error,
                    takenOverFrom = r.TakenOverFrom,
                },
                title: "Job runs");
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(history);
        return command;
    }

    private static string State(JobRunState state) => state.ToString().ToLowerInvariant();

    private static string Figures(IReadOnlyDictionary<string, long> figures) =>
        string.Join(", ", figures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>One line of <c>sniper jobs list</c>.</summary>
    internal sealed record JobRow(
        string Name, bool Enabled, string Schedule, DateTimeOffset? NextRun, DateTimeOffset? LastRun, string? LastOutcome, string? LeaseHolder,
        DateTimeOffset? LeaseExpires, string Description);
}
