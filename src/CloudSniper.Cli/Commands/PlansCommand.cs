using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper plans list|show</c>: the stored response plans, so that <c>approve</c> and <c>undo</c> have ids to work on.</summary>
public static class PlansCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("plans", "List the stored response plans, or show one with the state of each action");

        var limit = new Option<int?>("--limit") { Description = "Show at most this many plans, newest first (default 50)" };
        var listFormat = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Jsonl, OutputFormat.Csv, OutputFormat.Md);
        var list = new Command("list", "List stored plans, newest first: id, created, state (pending, approved, applied, partial), actions and finding");
        list.Options.Add(limit);
        list.Options.Add(listFormat);
        list.SetAction(async (parse, ct) =>
        {
            var max = parse.GetValue(limit) ?? 50;
            if (max <= 0)
            {
                throw new UsageException($"--limit must be a positive number; got {max}");
            }

            var (store, _) = await ResponseHost.OpenStoreAsync(env, parse, ct).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var plans = await store.ListPlansAsync(max, ct).ConfigureAwait(false);
                var rows = new List<(ResponsePlan Plan, PlanState State)>();
                foreach (var plan in plans)
                {
                    var approvals = await store.ListApprovalsAsync(plan.Id, ct).ConfigureAwait(false);
                    rows.Add((plan, PlanStates.Of(plan, approvals.Count)));
                }

                DataWriter.Write(
                    env,
                    parse.GetValue(listFormat),
                    rows,
                    [
                        new("Plan id", r => r.Plan.Id, Whole: true),
                        new("Created", r => r.Plan.CreatedAt, Drop: 1),
                        new("State", r => PlanStates.Name(r.State)),
                        new("Actions", r => r.Plan.Actions.Length, AlignRight: true),
                        new("Finding", r => FindingSummary(r.Plan)),
                    ],
                    r => new { id = r.Plan.Id, createdAt = r.Plan.CreatedAt, state = PlanStates.Name(r.State), mode = r.Plan.Mode.ToString().ToLowerInvariant(), actions = r.Plan.Actions.Length, findings = Findings(r.Plan) },
                    "Plans");
                if (rows.Count == 0 && !parse.GetValue(GlobalOptions.Quiet))
                {
                    await env.Error.WriteLineAsync("sniper: no stored plan; sniper respond FILE or sniper ingest FILE --respond make one").ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }
        });
        command.Subcommands.Add(list);

        var planId = new Argument<string>("plan-id") { Description = "The plan to show (from sniper plans list)" };
        var showFormat = GlobalOptions.Format(PlanWriter.Formats);
        var show = new Command("show", "Print a stored plan and the state of each action (planned, awaiting-approval, executed, failed, undone, …)");
        show.Arguments.Add(planId);
        show.Options.Add(showFormat);
        show.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(planId)!;
            var (store, _) = await ResponseHost.OpenStoreAsync(env, parse, ct).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var plan = await store.GetPlanAsync(id, ct).ConfigureAwait(false)
                    ?? throw new UsageException($"no plan '{id}' in the response store; sniper plans list shows the stored ones");

                // The action records are the executor's word on what happened, so they win over the plan's copy.
                var outcomes = new Dictionary<string, ActionOutcome>(StringComparer.Ordinal);
                var actions = new List<PlannedAction>();
                foreach (var action in plan.Actions)
                {
                    var record = await store.GetActionRecordAsync(action.Id, ct).ConfigureAwait(false);
                    actions.Add(record is null ? action : action with { Status = record.Status, Reason = record.Error ?? action.Reason });
                }

                plan = plan with { Actions = [.. actions] };
                var approvals = await store.ListApprovalsAsync(plan.Id, ct).ConfigureAwait(false);
                PlanWriter.Write(env, parse.GetValue(showFormat), plan, outcomes);
                if (!parse.GetValue(GlobalOptions.Quiet))
                {
                    var state = PlanStates.Of(plan, approvals.Count);
                    await env.Error.WriteLineAsync($"sniper: plan {plan.Id}: {PlanStates.Name(state)}, {plan.Actions.Length} action(s)").ConfigureAwait(false);
                    if (state is PlanState.Pending or PlanState.Approved && plan.Actions.Any(a => a.Status is ActionStatus.Planned or ActionStatus.AwaitingApproval))
                    {
                        await env.Error.WriteLineAsync($"sniper: apply it with: sniper approve {plan.Id}").ConfigureAwait(false);
                    }
                }

                return ExitCodes.Ok;
            }
        });
        command.Subcommands.Add(show);
        return command;
    }

    private static List<string> Findings(ResponsePlan plan) =>
        [.. plan.Matches.Keys.Concat(plan.Actions.SelectMany(a => a.FindingIds)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static string FindingSummary(ResponsePlan plan)
    {
        var ids = Findings(plan);
        return ids.Count switch
        {
            0 => "",
            1 => ids[0],
            _ => $"{ids[0]} +{ids.Count - 1}",
        };
    }
}
