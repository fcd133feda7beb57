using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Runbook;

/// <summary>
/// Finds the AMIs with both host vulnerabilities and malicious-communication findings and ranks them:
/// score = (4·critical + 3·high + 2·medium + 1·low vulnerabilities) × (GuardDuty findings × highest GuardDuty severity).
/// </summary>
public static class AmiCorrelation
{
    /// <summary>The correlated AMIs, highest score first.</summary>
    public static IReadOnlyList<CorrelatedAmi> Build(InspectorSection inspector, GuardDutySection guardDuty)
    {
        ArgumentNullException.ThrowIfNull(inspector);
        ArgumentNullException.ThrowIfNull(guardDuty);
        var gd = guardDuty.ByAmi.ToDictionary(a => a.ImageId, StringComparer.Ordinal);
        return inspector.ByAmi
            .Where(a => gd.ContainsKey(a.ImageId))
            .Select(a =>
            {
                var g = gd[a.ImageId];
                var weighted = a.BySeverity.Sum(s => InspectorReview.Rank(s.Key) * s.Value);
                return new CorrelatedAmi(
                    a.ImageId,
                    a.Findings,
                    g.Findings,
                    a.BySeverity.GetValueOrDefault("CRITICAL"),
                    a.BySeverity.GetValueOrDefault("HIGH"),
                    g.MaxSeverity,
                    Math.Round(weighted * g.Findings * g.MaxSeverity, 2));
            })
            .OrderByDescending(c => c.Score).ThenBy(c => c.ImageId, StringComparer.Ordinal)
            .ToList();
    }
}
