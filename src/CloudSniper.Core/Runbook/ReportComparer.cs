using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Runbook;

/// <summary>What changed between two reports: check outcomes, rules that fire, new API actions, root activity, logins without MFA and correlated AMIs.</summary>
public static class ReportComparer
{
    /// <summary>At most this many changes are listed.</summary>
    public const int MaxChanges = 500;

    /// <summary>The changes from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    public static ChangeSummary Compare(RunbookReport previous, RunbookReport current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var changes = new List<ReportChange>();
        static string Key(CheckResult c) => $"{c.Id}|{c.Account}|{c.Region}|{c.Resource}";
        var before = previous.Checks.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var after = current.Checks.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        foreach (var (key, now) in after.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var label = Label(now);
            if (!before.TryGetValue(key, out var then))
            {
                changes.Add(new ReportChange("check", label, $"new: {RunbookSummaryBuilder.StatusName(now.Status)}"));
            }
            else if (then.Status != now.Status)
            {
                changes.Add(new ReportChange("check", label, $"{RunbookSummaryBuilder.StatusName(then.Status)} → {RunbookSummaryBuilder.StatusName(now.Status)}"));
            }
        }

        foreach (var (key, then) in before.Where(b => !after.ContainsKey(b.Key)).OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            changes.Add(new ReportChange("check", Label(then), $"no longer reported (was {RunbookSummaryBuilder.StatusName(then.Status)})"));
        }

        var rulesBefore = previous.Detections.GroupBy(d => d.RuleId).ToDictionary(g => g.Key, g => (g.First().Title, Count: g.Count()));
        var rulesAfter = current.Detections.GroupBy(d => d.RuleId).ToDictionary(g => g.Key, g => (g.First().Title, Count: g.Count()));
        foreach (var id in rulesBefore.Keys.Union(rulesAfter.Keys).Order(StringComparer.Ordinal))
        {
            var b = rulesBefore.GetValueOrDefault(id);
            var a = rulesAfter.GetValueOrDefault(id);
            if (b.Count != a.Count)
            {
                changes.Add(new ReportChange("detection", a.Title ?? b.Title ?? id, $"{b.Count} → {a.Count} event(s)"));
            }
        }

        var eventsBefore = previous.CloudTrail.Events.Select(e => e.EventSource + ":" + e.EventName).ToHashSet(StringComparer.Ordinal);
        foreach (var e in current.CloudTrail.Events.Where(e => !eventsBefore.Contains(e.EventSource + ":" + e.EventName)))
        {
            changes.Add(new ReportChange("event", $"{e.EventSource} {e.EventName}", $"first seen ({e.Count} call(s))"));
        }

        AddCount(changes, "root", "root activity", previous.CloudTrail.RootActivity.Count, current.CloudTrail.RootActivity.Count);
        AddCount(changes, "login", "successful console logins without MFA", previous.CloudTrail.ConsoleLogins.Count(l => l.Success && !l.MfaUsed), current.CloudTrail.ConsoleLogins.Count(l => l.Success && !l.MfaUsed));
        var amisBefore = previous.Correlation.Select(c => c.ImageId).ToHashSet(StringComparer.Ordinal);
        foreach (var c in current.Correlation.Where(c => !amisBefore.Contains(c.ImageId)))
        {
            changes.Add(new ReportChange("correlation", c.ImageId, "newly has both vulnerabilities and GuardDuty network findings"));
        }

        return new ChangeSummary(previous.GeneratedAt, changes.Take(MaxChanges).ToList());
    }

    private static void AddCount(List<ReportChange> changes, string kind, string item, int before, int after)
    {
        if (before != after)
        {
            changes.Add(new ReportChange(kind, item, $"{before} → {after}"));
        }
    }

    private static string Label(CheckResult c) =>
        string.Join(" ", new[] { c.Id, c.Account, c.Region, c.Resource }.Where(p => !string.IsNullOrEmpty(p)));
}
