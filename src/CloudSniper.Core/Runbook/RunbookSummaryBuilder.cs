using System.Globalization;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Runbook;

/// <summary>Builds the executive summary of a report: check outcomes by status, service and region, headline counts and the top risks.</summary>
public static class RunbookSummaryBuilder
{
    /// <summary>How many top risks the summary lists.</summary>
    public const int TopRiskCount = 10;

    /// <summary>The summary of <paramref name="report"/> (whose own summary is ignored).</summary>
    public static RunbookSummary Build(RunbookReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new RunbookSummary
        {
            ChecksByStatus = StatusCounts(report.Checks),
            ChecksByService = report.Checks.GroupBy(c => c.Service, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, int>)StatusCounts(g), StringComparer.Ordinal),
            ChecksByRegion = report.Checks.GroupBy(c => c.Region ?? "global", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, int>)StatusCounts(g), StringComparer.Ordinal),
            CloudTrailRecords = report.CloudTrail.Records,
            Detections = report.Detections.Count + (int)report.CloudTrail.NotListed.GetValueOrDefault("detections"),
            GuardDutyFindings = report.GuardDuty.Findings,
            InspectorFindings = report.Inspector.Findings,
            CorrelatedAmis = report.Correlation.Count,
            RejectedRecords = report.Inputs.Sum(i => i.Rejected),
            TopRisks = TopRisks(report).Take(TopRiskCount).ToList(),
        };
    }

    private static Dictionary<string, int> StatusCounts(IEnumerable<CheckResult> checks)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["PASS"] = 0, ["FAIL"] = 0, ["MUTED"] = 0, ["ERROR"] = 0 };
        foreach (var c in checks)
        {
            counts[StatusName(c.Status)]++;
        }

        return counts;
    }

    /// <summary>PASS, FAIL, MUTED or ERROR.</summary>
    public static string StatusName(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "PASS",
        CheckStatus.Fail => "FAIL",
        CheckStatus.Muted => "MUTED",
        _ => "ERROR",
    };

    /// <summary>The order of Sigma and check severities: critical 4, high 3, medium 2, low 1, else 0.</summary>
    public static int LevelRank(string? level) => level?.ToLowerInvariant() switch
    {
        "critical" => 4,
        "high" => 3,
        "medium" => 2,
        "low" => 1,
        _ => 0,
    };

    private static IEnumerable<string> TopRisks(RunbookReport report)
    {
        var risks = new List<(int Rank, string Text)>();
        foreach (var c in report.Checks.Where(c => c.Status == CheckStatus.Fail))
        {
            risks.Add((LevelRank(c.Severity) * 10 + 5, $"FAIL [{c.Severity}] {c.Title}{Where(c)}: {c.Message}"));
        }

        foreach (var c in report.Checks.Where(c => c.Status == CheckStatus.Error))
        {
            risks.Add((35, $"ERROR {c.Title}{Where(c)}: {c.Message}"));
        }

        foreach (var a in report.Correlation.Take(3))
        {
            risks.Add((38, $"AMI {a.ImageId}: {a.InspectorFindings} vulnerabilities ({a.CriticalVulnerabilities} critical) and {a.GuardDutyFindings} GuardDuty network finding(s)"));
        }

        foreach (var g in report.Detections.GroupBy(d => (d.RuleId, d.Title, d.Level)).Where(g => LevelRank(g.Key.Level) >= 3))
        {
            risks.Add((LevelRank(g.Key.Level) * 10 + 2, $"Detection [{g.Key.Level}] {g.Key.Title}: {g.Count()} event(s)"));
        }

        if (report.CloudTrail.RootActivity.Count > 0)
        {
            risks.Add((36, $"Root user made {report.CloudTrail.RootActivity.Count} call(s)"));
        }

        var noMfa = report.CloudTrail.ConsoleLogins.Count(l => l.Success && !l.MfaUsed);
        if (noMfa > 0)
        {
            risks.Add((33, $"{noMfa} successful console login(s) without MFA"));
        }

        foreach (var b in report.CloudTrail.AccessDeniedBursts.Take(3))
        {
            risks.Add((31, $"{b.Count} access-denied errors by {b.Principal} between {b.Start.ToString("u", CultureInfo.InvariantCulture)} and {b.End.ToString("u", CultureInfo.InvariantCulture)}"));
        }

        foreach (var f in report.GuardDuty.ApiCallFindings.Where(f => f.Severity >= 7).Take(3))
        {
            risks.Add(((int)Math.Round(f.Severity * 4), $"GuardDuty [{f.Severity.ToString("0.#", CultureInfo.InvariantCulture)}] {f.Title} ({f.Region})"));
        }

        return risks.OrderByDescending(r => r.Rank).ThenBy(r => r.Text, StringComparer.Ordinal).Select(r => r.Text);
    }

    private static string Where(CheckResult c)
    {
        var parts = new[] { c.Account, c.Region, c.Resource }.Where(p => !string.IsNullOrEmpty(p)).ToList();
        return parts.Count == 0 ? "" : " (" + string.Join(", ", parts) + ")";
    }
}
