using System.Globalization;
using System.Text.Json.Nodes;
using System.Text;
using CloudSniper.Core.Escaping;
using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook;

namespace CloudSniper.Core.Reports;

/// <summary>
/// Builds the Slack Block Kit message of a run: a header, the headline counts, then the failed checks and the
/// critical items themselves (high and critical detections, correlated AMIs, root activity, logins without MFA,
/// severe GuardDuty findings). Respects Block Kit limits: 50 blocks, 3,000 characters per text.
/// </summary>
public static class SlackPayloadBuilder
{
    private const int MaxTextLength = 2_900;
    private const int MaxItemsPerList = 15;

    /// <summary>The JSON payload to POST to an incoming webhook.</summary>
    public static JsonObject Build(RunbookReport report, string? reportLink = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Summary;
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText("Cloud Sniper daily runbook") },
            new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray(
                    Mrkdwn($"*Checks failed:* {s.ChecksByStatus.GetValueOrDefault("FAIL")}"),
                    Mrkdwn($"*Checks in error:* {s.ChecksByStatus.GetValueOrDefault("ERROR")}"),
                    Mrkdwn($"*Detections:* {s.Detections}"),
                    Mrkdwn($"*CloudTrail records:* {s.CloudTrailRecords.ToString("N0", CultureInfo.InvariantCulture)}"),
                    Mrkdwn($"*GuardDuty / Inspector:* {s.GuardDutyFindings} / {s.InspectorFindings}"),
                    Mrkdwn($"*Correlated AMIs:* {s.CorrelatedAmis}")),
            },
        };

        var failed = report.Checks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Error)
            .OrderByDescending(c => c.Status == CheckStatus.Fail).ThenByDescending(c => RunbookSummaryBuilder.LevelRank(c.Severity))
            .Select(c => $"• `{RunbookSummaryBuilder.StatusName(c.Status)}` *{Escape(c.Title)}* [{c.Severity}] {Escape(Where(c))}: {Escape(c.Message)}")
            .ToList();
        AddList(blocks, "Failed checks", failed);

        var critical = new List<string>();
        critical.AddRange(report.Correlation.Select(a => $"• AMI `{a.ImageId}`: {a.InspectorFindings} vulnerabilities ({a.CriticalVulnerabilities} critical), {a.GuardDutyFindings} GuardDuty network finding(s)"));
        critical.AddRange(report.Detections.Where(d => RunbookSummaryBuilder.LevelRank(d.Level) >= 3)
            .Select(d => $"• [{d.Level}] *{Escape(d.Title)}*: {Escape(d.EventName)} by {Escape(d.Principal ?? "?")} from {Escape(d.SourceIp ?? "?")} at {ReportTables.Time(d.EventTime)}"));
        critical.AddRange(report.CloudTrail.RootActivity.Select(r => $"• Root: {Escape(r.EventName)} ({Escape(r.EventSource)}) from {Escape(r.SourceIp ?? "?")} at {ReportTables.Time(r.Time)}"));
        critical.AddRange(report.CloudTrail.ConsoleLogins.Where(l => l.Success && !l.MfaUsed).Select(l => $"• Console login without MFA: {Escape(l.User)} from {Escape(l.SourceIp ?? "?")} at {ReportTables.Time(l.Time)}"));
        critical.AddRange(report.GuardDuty.ApiCallFindings.Where(f => f.Severity >= 7).Select(f => $"• GuardDuty [{f.Severity.ToString("0.#", CultureInfo.InvariantCulture)}] {Escape(f.Title)} ({f.Region})"));
        AddList(blocks, "Critical items", critical);

        if (report.Iam is { } iam)
        {
            AddList(blocks, "IAM review (findings per check, trend against the previous run)",
                iam.Checks.Where(c => c.Count > 0 || c.Previous > 0).Select(c => $"• [{c.Severity}] `{c.Check}`: {Runbook.IamRunbookSection.Trend(c)}").ToList());
        }

        if (report.Changes is { Changes.Count: > 0 } changes)
        {
            AddList(blocks, "Changed since the last run", changes.Changes.Select(c => $"• {Escape(c.Kind)}: {Escape(c.Item)} — {Escape(c.Change)}").ToList());
        }

        if (reportLink is not null)
        {
            blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn($"Full report: {reportLink}")) });
        }

        var text = $"Cloud Sniper runbook: {s.ChecksByStatus.GetValueOrDefault("FAIL")} failed check(s), {s.Detections} detection(s), {critical.Count} critical item(s)";
        return new JsonObject { ["text"] = text, ["blocks"] = blocks };
    }

    private static void AddList(JsonArray blocks, string title, List<string> lines)
    {
        blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Mrkdwn($"*{title}* ({lines.Count})" + (lines.Count == 0 ? "\nNone." : "")) });
        var sb = new StringBuilder();
        foreach (var line in lines.Take(MaxItemsPerList))
        {
            var clipped = line.Length > 500 ? line[..497] + "…" : line;
            if (sb.Length + clipped.Length + 1 > MaxTextLength)
            {
                blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(sb.ToString()) });
                sb.Clear();
            }

            sb.Append(clipped).Append('\n');
        }

        if (lines.Count > MaxItemsPerList)
        {
            sb.Append(CultureInfo.InvariantCulture, $"…and {lines.Count - MaxItemsPerList} more in the report.");
        }

        if (sb.Length > 0 && blocks.Count < 49)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(sb.ToString()) });
        }
    }

    private static string Where(CheckResult c) => string.Join("/", new[] { c.Account, c.Region, c.Resource }.Where(p => !string.IsNullOrEmpty(p)));

    private static string Escape(string s) => SlackText.Escape(s);

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };
}
