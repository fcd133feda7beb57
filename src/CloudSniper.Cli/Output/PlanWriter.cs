using System.Text.Json;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Cli.Output;

/// <summary>Renders a response plan and its outcomes: one row per action, then the skipped work grouped by guard.</summary>
internal static class PlanWriter
{
    /// <summary>The formats plan output supports.</summary>
    public static OutputFormat[] Formats { get; } = [OutputFormat.Table, OutputFormat.Json, OutputFormat.Jsonl, OutputFormat.Csv, OutputFormat.Md, OutputFormat.Html];

    /// <summary>The JSON shape of a plan and its outcomes, shared by every verb that prints plans.</summary>
    public static object JsonView(ResponsePlan plan, IReadOnlyDictionary<string, ActionOutcome> outcomes) => new { plan = ActionRegistry.Default.Redact(plan), outcomes };

    /// <summary>Writes one plan with the outcomes of its executed actions in <paramref name="format"/>.</summary>
    public static void Write(CliEnvironment env, OutputFormat format, ResponsePlan plan, IReadOnlyDictionary<string, ActionOutcome> outcomes)
    {
        if (format == OutputFormat.Json)
        {
            env.Out.WriteLine(JsonSerializer.Serialize(JsonView(plan, outcomes), JsonOutput.Indented));
            env.Out.Flush();
            return;
        }

        var rows = plan.Actions.Select(a => (Action: a, Outcome: outcomes.GetValueOrDefault(a.Id))).ToList();
        DataWriter.Write(
            env,
            format,
            rows,
            [
                new("Action id", r => r.Action.Id, Whole: true),
                new("Action", r => r.Action.ActionKey),
                new("Phase", r => NistPhases.Name(r.Action.Phase), Drop: 3),
                new("Target", r => Target(r.Action)),
                new("Addresses", r => r.Action.Blocks.Length, AlignRight: true, Drop: 1),
                new("Findings", r => r.Action.FindingIds.Length, AlignRight: true, Drop: 2),
                new("Status", r => Status(r.Action.Status)),
                new("Detail", r => r.Outcome?.Message ?? r.Action.Reason ?? Preview(r.Action)),
            ],
            r => new { id = r.Action.Id, action = r.Action.ActionKey, phase = NistPhases.Name(r.Action.Phase), target = r.Action.TargetKey, account = r.Action.AccountId, region = r.Action.Region, addresses = r.Action.Blocks.Select(b => b.Address), findings = r.Action.FindingIds, status = Status(r.Action.Status), detail = r.Outcome?.Message ?? r.Action.Reason, errorCode = r.Outcome?.ErrorCode, missingPermission = r.Outcome?.MissingPermission },
            $"Plan {plan.Id} ({plan.Mode.ToString().ToLowerInvariant()}): {plan.MatchedCount} of {plan.FindingCount} finding(s) matched");

        if (plan.Skipped.Length > 0 && format is OutputFormat.Table or OutputFormat.Md or OutputFormat.Html)
        {
            var groups = plan.Skipped.GroupBy(s => (s.Guard, s.ActionKey)).Select(g => (g.Key.Guard, g.Key.ActionKey, Count: g.Count(), Example: g.First())).ToList();
            DataWriter.Write(
                env,
                format,
                groups,
                [
                    new("Guard", g => g.Guard),
                    new("Action", g => g.ActionKey),
                    new("Count", g => g.Count, AlignRight: true),
                    new("Example", g => $"{g.Example.Subject}: {g.Example.Reason}"),
                ],
                title: "Skipped");
        }
    }

    private static string Status(ActionStatus status) => status switch
    {
        ActionStatus.AwaitingApproval => "awaiting-approval",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Target(PlannedAction a) => a.ActionKey switch
    {
        "waf-block" => $"{a.Get("set")} ({a.Get("scope")}, {a.Region})",
        "nacl-block" or "tag" or "isolate" or "snapshot" => $"{a.Get("instance")} ({a.AccountId}/{a.Region})",
        "deactivate-access-key" => $"{a.Get("access-key-id")} of {a.Get("user")}",
        "revoke-role-sessions" => $"role {a.Get("role")}",
        "iam-notify-owner" => $"{a.Get("recipient")} about {a.Get("user")} ({a.Get("channel")})",
        "iam-deactivate-unused-key" => $"key {a.Get("access-key-id") ?? a.Get("slot")} of {a.Get("user")}",
        "iam-delete-login-profile" => $"console password of {a.Get("user")}",
        _ => a.TargetKey.Split('|', 2)[^1],
    };

    private static string Preview(PlannedAction a) =>
        a.ActionKey == "iam-notify-owner" ? (a.Get("message") ?? "").Replace("\n", " ", StringComparison.Ordinal) :
        a.ActionKey is "iam-deactivate-unused-key" or "iam-delete-login-profile" ? $"last used {a.Get("last-used")}" :
        a.Blocks.Length == 0 ? "" : string.Join(", ", a.Blocks.Take(3).Select(b => $"{b.Address} for {Durations.Format(b.Ttl)}")) + (a.Blocks.Length > 3 ? $", +{a.Blocks.Length - 3}" : "");
}
