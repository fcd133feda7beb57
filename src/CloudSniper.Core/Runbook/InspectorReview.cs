using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Runbook;

/// <summary>Pivots Inspector findings on the AMI of the affected instance: count by severity and the most frequent CVEs.</summary>
public static class InspectorReview
{
    /// <summary>How many CVEs each AMI lists.</summary>
    public const int TopCveCount = 10;

    /// <summary>Builds the Inspector section from active (or status-less) findings, each id counted once in its latest state.</summary>
    public static InspectorSection Build(IEnumerable<InspectorFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var active = Latest(findings).Where(f => f.Status is null || !f.Status.Equals("CLOSED", StringComparison.OrdinalIgnoreCase) && !f.Status.Equals("SUPPRESSED", StringComparison.OrdinalIgnoreCase)).ToList();
        var byAmi = active
            .Where(f => f.ImageId is not null)
            .GroupBy(f => f.ImageId!, StringComparer.Ordinal)
            .Select(g => new InspectorAmi(
                g.Key,
                g.Count(),
                SeverityCounts(g),
                g.Where(f => f.VulnerabilityId is not null)
                    .GroupBy(f => f.VulnerabilityId!, StringComparer.Ordinal)
                    .Select(c => new CveCount(c.Key, c.Count(), c.MaxBy(f => Rank(f.Severity))!.Severity))
                    .OrderByDescending(c => c.Count).ThenByDescending(c => Rank(c.Severity)).ThenBy(c => c.Cve, StringComparer.Ordinal)
                    .Take(TopCveCount)
                    .ToList(),
                g.Select(f => f.InstanceId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
            .OrderByDescending(a => a.Findings).ThenBy(a => a.ImageId, StringComparer.Ordinal)
            .ToList();
        return new InspectorSection
        {
            Findings = active.Count,
            BySeverity = SeverityCounts(active),
            ByAmi = byAmi,
            WithoutAmi = active.Count(f => f.ImageId is null),
        };
    }

    /// <summary>
    /// One finding per <c>findingArn</c>, the one with the latest <c>updatedAt</c>: Inspector keeps one finding per
    /// vulnerability and resource and updates it in place (new <c>updatedAt</c>, a status that may become CLOSED),
    /// and EventBridge carries every update as a new "Inspector2 Finding" event (Amazon Inspector User Guide,
    /// "Understanding findings in Amazon Inspector" and "Creating custom responses to Amazon Inspector findings
    /// with Amazon EventBridge"); the status filter applies to the latest state only.
    /// </summary>
    public static IEnumerable<InspectorFinding> Latest(IEnumerable<InspectorFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var latest = new LatestById<InspectorFinding>();
        foreach (var f in findings)
        {
            latest.Add(f.Id, f.UpdatedAt, f);
        }

        return latest.Items;
    }

    /// <summary>Orders Inspector severities: CRITICAL 4, HIGH 3, MEDIUM 2, LOW 1, anything else 0.</summary>
    public static int Rank(string? severity) => severity?.ToUpperInvariant() switch
    {
        "CRITICAL" => 4,
        "HIGH" => 3,
        "MEDIUM" => 2,
        "LOW" => 1,
        _ => 0,
    };

    private static Dictionary<string, int> SeverityCounts(IEnumerable<InspectorFinding> findings) =>
        findings.GroupBy(f => f.Severity, StringComparer.Ordinal)
            .OrderByDescending(g => Rank(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
