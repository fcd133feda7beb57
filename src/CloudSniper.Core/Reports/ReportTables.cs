using System.Globalization;
using CloudSniper.Core.Runbook;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Reports;

/// <summary>The report's lists as tables (name, title, headers, rows of text), shared by the CSV, Markdown and HTML writers.</summary>
public static class ReportTables
{
    /// <summary>Every table of the report, in reading order.</summary>
    public static IReadOnlyList<ReportTable> All(RunbookReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var ct = report.CloudTrail;
        return
        [
            // Remediation only where the check failed: it is what to do next, and noise beside a PASS.
            new("checks", "Enablement checks", ["Status", "Severity", "Service", "Check", "CIS", "Account", "Region", "Resource", "Message", "Remediation"],
                report.Checks.OrderBy(c => c.Status == CheckStatus.Pass ? 1 : 0).ThenByDescending(c => RunbookSummaryBuilder.LevelRank(c.Severity))
                    .Select(c => Row(RunbookSummaryBuilder.StatusName(c.Status), c.Severity, c.Service, c.Title, string.Join(", ", c.Cis ?? []), c.Account, c.Region, c.Resource, c.Message, c.Status == CheckStatus.Fail ? c.Remediation : null)).ToList(), report.Checks.Count),
            new("detections", "Detections (Sigma rules)", ["Time", "Level", "Rule", "Event", "Principal", "Source IP", "Event id", "Where"],
                report.Detections.Select(d => Row(Time(d.EventTime), d.Level, d.Title, d.EventName, d.Principal, d.SourceIp, d.EventId, d.Source)).ToList(), report.Detections.Count),
            new("correlation", "AMIs with vulnerabilities and malicious communication", ["AMI", "Score", "Inspector findings", "Critical", "High", "GuardDuty findings", "Max GuardDuty severity"],
                report.Correlation.Select(c => Row(c.ImageId, c.Score.ToString("0.##", CultureInfo.InvariantCulture), N(c.InspectorFindings), N(c.CriticalVulnerabilities), N(c.HighVulnerabilities), N(c.GuardDutyFindings), c.MaxGuardDutySeverity.ToString("0.0", CultureInfo.InvariantCulture))).ToList(), report.Correlation.Count),
            new("events", "CloudTrail events", ["Source", "Event", "Count", "Errors", "Principals", "User agents", "Source IPs"],
                ct.Events.Select(e => Row(e.EventSource, e.EventName, N(e.Count), N(e.Errors), Top(e.Principals), Top(e.UserAgents), Top(e.SourceIps))).ToList(), ct.Events.Count),
            new("console-changes", "Changes made from the console", ["Time", "User", "Source", "Event", "Source IP", "Region", "User agent"],
                ct.ConsoleChanges.Select(c => Row(Time(c.Time), c.User, c.EventSource, c.EventName, c.SourceIp, c.Region, c.UserAgent)).ToList(), ct.ConsoleChanges.Count),
            new("console-logins", "Console logins", ["Time", "User", "Source IP", "Success", "MFA used", "User agent"],
                ct.ConsoleLogins.Select(l => Row(Time(l.Time), l.User, l.SourceIp, l.Success ? "yes" : "no", l.MfaUsed ? "yes" : "no", l.UserAgent)).ToList(), ct.ConsoleLogins.Count),
            new("root-activity", "Root activity", ["Time", "Event", "Source", "Source IP", "Account", "User agent"],
                ct.RootActivity.Select(r => Row(Time(r.Time), r.EventName, r.EventSource, r.SourceIp, r.Account, r.UserAgent)).ToList(), ct.RootActivity.Count),
            new("unusual-user-agents", "Calls from unusual user agents", ["Principal", "User agent", "Family", "Event", "Count"],
                ct.UnusualUserAgents.Select(u => Row(u.Principal, u.UserAgent, u.Family, u.EventName, N(u.Count))).ToList(), ct.UnusualUserAgents.Count),
            new("principal-user-agents", "User-agent families per principal", ["Principal", "Type", "Calls", "Families", "Usual"],
                ct.PrincipalUserAgents.Select(p => Row(p.Principal, p.PrincipalType, N(p.Calls), Top(p.Families, 10), string.Join(", ", p.UsualFamilies))).ToList(), ct.PrincipalUserAgents.Count),
            new("access-denied-bursts", "Access-denied bursts", ["Principal", "Start", "End", "Count", "Events"],
                ct.AccessDeniedBursts.Select(b => Row(b.Principal, Time(b.Start), Time(b.End), N(b.Count), Top(b.EventNames, 5))).ToList(), ct.AccessDeniedBursts.Count),
            new("guardduty-api-calls", "GuardDuty API-call findings", ["Severity", "Title", "Type", "Region", "Account", "Principal", "Count"],
                report.GuardDuty.ApiCallFindings.Select(f => Row(f.Severity.ToString("0.0", CultureInfo.InvariantCulture), f.Title, f.Type, f.Region, f.Account, f.Principal, N(f.Count))).ToList(), report.GuardDuty.ApiCallFindings.Count),
            new("guardduty-by-ami", "GuardDuty network findings by AMI", ["AMI", "Findings", "Max severity", "Types", "Instances"],
                report.GuardDuty.ByAmi.Select(a => Row(a.ImageId, N(a.Findings), a.MaxSeverity.ToString("0.0", CultureInfo.InvariantCulture), Top(a.Types.ToDictionary(t => t.Key, t => (long)t.Value), 5), string.Join(", ", a.Instances.Take(5)))).ToList(), report.GuardDuty.ByAmi.Count),
            new("inspector-by-ami", "Inspector findings by AMI", ["AMI", "Findings", "Critical", "High", "Medium", "Low", "Top CVEs"],
                report.Inspector.ByAmi.Select(a => Row(a.ImageId, N(a.Findings), N(a.BySeverity.GetValueOrDefault("CRITICAL")), N(a.BySeverity.GetValueOrDefault("HIGH")), N(a.BySeverity.GetValueOrDefault("MEDIUM")), N(a.BySeverity.GetValueOrDefault("LOW")), string.Join(", ", a.TopCves.Take(5).Select(c => $"{c.Cve} ({c.Count})")))).ToList(), report.Inspector.ByAmi.Count),
            .. IamTables(report),
        ];
    }

    // The IAM section, when the run reviewed IAM: the trend per check, then the findings.
    private static IEnumerable<ReportTable> IamTables(RunbookReport report)
    {
        if (report.Iam is not { } iam)
        {
            yield break;
        }

        var previous = iam.PreviousRun is { } p ? $"previous run {Time(p)}" : "no previous run";
        yield return new("iam-trend", $"IAM review: findings per check ({iam.Source}, {N(iam.Principals)} principal(s); {previous})",
            ["Check", "Severity", "CIS", "Title", "Findings", "Previous", "Trend"],
            iam.Checks.Select(c => Row(c.Check, c.Severity, c.Cis, c.Title, N(c.Count), c.Previous is { } v ? N(v) : "", IamRunbookSection.Trend(c))).ToList(), iam.TotalFindings);
        yield return new("iam-findings", "IAM review: findings", ["Severity", "Check", "CIS", "Account", "User", "Key", "Age (days)", "Detail"],
            iam.Findings.Select(f => Row(f.Severity, f.Check, f.Cis, f.Account, f.User, f.KeyId ?? f.Key?.ToString(CultureInfo.InvariantCulture), f.Age?.ToString(CultureInfo.InvariantCulture), f.Detail)).ToList(), iam.TotalFindings);
    }

    /// <summary>An ISO 8601 UTC time, or empty.</summary>
    public static string Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The top entries of a count map as <c>key (n), …</c>.</summary>
    public static string Top(IReadOnlyDictionary<string, long> counts, int n = 3)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var shown = string.Join(", ", counts.Take(n).Select(c => $"{(c.Key.Length == 0 ? "(none)" : c.Key)} ({c.Value})"));
        return counts.Count > n ? shown + $", +{counts.Count - n} more" : shown;
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string[] Row(params string?[] cells) => cells.Select(c => c ?? "").ToArray();
}
