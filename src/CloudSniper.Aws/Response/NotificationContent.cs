using CloudSniper.Core.Findings;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Aws.Response;

/// <summary>What a notification reports: the findings, their blocked indicators, the actions taken and the plan's notices.</summary>
public sealed record NotificationContent(
    string PlanId,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> FindingIds,
    IReadOnlyList<string> Indicators,
    IReadOnlyList<(string Key, string Id, string Status, string Message)> Actions,
    IReadOnlyList<string> Notices)
{
    /// <summary>Gathers the content for <paramref name="action"/> from the run so far.</summary>
    public static NotificationContent From(PlannedAction action, ActionExecutionContext context)
    {
        var findings = action.FindingIds.Select(id => context.Findings.GetValueOrDefault(id)).OfType<Finding>().ToList();
        var relevant = new HashSet<string>(action.FindingIds, StringComparer.Ordinal);
        var completed = context.Completed.Where(c => c.Action.FindingIds.Any(relevant.Contains) || relevant.Count == 0).ToList();
        var indicators = completed.SelectMany(c => c.Action.Blocks.Select(b => b.Address)).Distinct().ToList();
        return new NotificationContent(
            context.Plan?.Id ?? "",
            findings,
            [.. action.FindingIds],
            indicators,
            [.. completed.Select(c => (c.Action.ActionKey, c.Action.Id, c.Outcome.Status.ToString().ToLowerInvariant(), c.Outcome.Message))],
            context.Notices);
    }

    /// <summary>A one-line title.</summary>
    public string Title => Findings.Count switch
    {
        0 when Notices.Count > 0 => "Cloud Sniper notice",
        0 => $"Cloud Sniper: {FindingIds.Count} finding(s)",
        1 => $"Cloud Sniper: {Findings[0].Type.Raw} (severity {Findings[0].Severity:0.#}) in {Findings[0].AccountId}/{Findings[0].Region}",
        _ => $"Cloud Sniper: {Findings.Count} findings, worst {Findings.MaxBy(f => f.Severity)!.Type.Raw} (severity {Findings.Max(f => f.Severity):0.#})",
    };

    /// <summary>A plain-text body (SNS, logs).</summary>
    public string Text()
    {
        var lines = new List<string> { Title, "" };
        foreach (var f in Findings.Take(20))
        {
            lines.Add($"- {f.Type.Raw} severity {f.Severity:0.#} {f.AccountId}/{f.Region} {f.Id}");
        }

        if (Indicators.Count > 0)
        {
            lines.Add("");
            lines.Add($"Blocked: {string.Join(", ", Indicators.Take(50))}{(Indicators.Count > 50 ? $" (+{Indicators.Count - 50})" : "")}");
        }

        if (Actions.Count > 0)
        {
            lines.Add("");
            lines.AddRange(Actions.Select(a => $"{a.Key} {a.Id}: {a.Status}: {a.Message}"));
        }

        lines.AddRange(Notices.Select(n => "NOTICE: " + n));
        if (PlanId.Length > 0)
        {
            lines.Add("");
            lines.Add($"Plan {PlanId}");
        }

        return string.Join('\n', lines);
    }
}
