using CloudSniper.Core.Iam;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Runbook;

/// <summary>Builds the runbook's IAM section from the IAM review's own findings, with the trend against the previous report.</summary>
public static class IamRunbookSection
{
    /// <summary>At most this many findings are listed in the report (the counts cover all of them).</summary>
    public const int MaxFindings = 500;

    /// <summary>
    /// The section for <paramref name="findings"/>; counts per check are compared with <paramref name="previous"/>'s IAM
    /// section (the last report written to the same output directory), when it has one.
    /// </summary>
    public static IamSection Build(IReadOnlyList<IamFinding> findings, int principals, string source, DateTimeOffset reviewedAt, IReadOnlyList<string> errors, RunbookReport? previous)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var counts = findings.GroupBy(f => f.Check).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var before = previous?.Iam?.Checks.ToDictionary(c => c.Check, c => c.Count, StringComparer.Ordinal);
        return new IamSection
        {
            Source = source,
            ReviewedAt = reviewedAt,
            Principals = principals,
            Checks = [.. IamChecks.All.Select(c => new IamCheckCount(c.Id, c.Title, c.Severity, c.Cis, counts.GetValueOrDefault(c.Id), before is null ? null : before.GetValueOrDefault(c.Id)))],
            Findings = [.. findings.OrderByDescending(f => Rank(f.Severity)).ThenBy(f => f.Check, StringComparer.Ordinal).ThenBy(f => f.User, StringComparer.Ordinal).Take(MaxFindings)],
            TotalFindings = findings.Count,
            PreviousRun = previous?.Iam is null ? null : previous.GeneratedAt,
            Errors = errors,
        };
    }

    /// <summary>The trend of one count as text: <c>3 (+1)</c>, <c>2 (−2)</c>, <c>2 (=)</c>, or the count alone without a previous run.</summary>
    public static string Trend(IamCheckCount count)
    {
        ArgumentNullException.ThrowIfNull(count);
        if (count.Previous is not { } previous)
        {
            return count.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var delta = count.Count - previous;
        var sign = delta > 0 ? "+" + delta : delta < 0 ? "−" + (-delta) : "=";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count.Count} ({sign})");
    }

    private static int Rank(string severity) => severity switch { "critical" => 3, "high" => 2, "medium" => 1, _ => 0 };
}
