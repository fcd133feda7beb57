using CloudSniper.Core.Findings;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Core.Runbook;

/// <summary>
/// The GuardDuty review: API-call findings with title, region and severity (highest first), and network findings
/// (port probes dropped, as they are noise) pivoted on the AMI of the affected instance.
/// </summary>
public static class GuardDutyReview
{
    /// <summary>Builds the GuardDuty section from findings that are not archived; sample findings are counted and left out unless <paramref name="includeSamples"/>.</summary>
    public static GuardDutySection Build(IEnumerable<Finding> findings, bool includeSamples = false)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var unarchived = Latest(findings).Where(f => f.Source == FindingSource.GuardDuty && !f.Archived).ToList();

        // CreateSampleFindings marks its findings with service.additionalInfo.sample = true (GuardDuty "Sample
        // findings"): they describe no real activity, so like ingest (Finding.IsSample) the review ignores them.
        var samples = includeSamples ? 0 : unarchived.Count(f => f.IsSample);
        var live = includeSamples ? unarchived : unarchived.Where(f => !f.IsSample).ToList();
        var apiCalls = live
            .Where(f => f.Action == ActionKind.AwsApiCall)
            .Select(f => new ApiCallFinding(
                f.Title,
                f.Type.Raw,
                f.Region,
                f.Severity,
                f.AccountId,
                f.AccessKeys.Select(k => k.UserName ?? k.PrincipalId).FirstOrDefault(n => n is not null),
                (int)Math.Min(int.MaxValue, f.Count),
                f.Id))
            .OrderByDescending(f => f.Severity).ThenBy(f => f.Title, StringComparer.Ordinal).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        var network = live.Where(IsNetwork).ToList();
        var probes = network.Count(IsPortProbe);
        var kept = network.Where(f => !IsPortProbe(f)).ToList();
        var pairs = kept
            .SelectMany(f => f.Instances.Where(i => i.ImageId is not null).Select(i => (Ami: i.ImageId!, Instance: i.InstanceId, Finding: f)))
            .ToList();
        var byAmi = pairs
            .GroupBy(p => p.Ami, StringComparer.Ordinal)
            .Select(g =>
            {
                var distinct = g.Select(p => p.Finding).DistinctBy(f => f.Id).ToList();
                return new GuardDutyAmi(
                    g.Key,
                    distinct.Count,
                    distinct.GroupBy(f => f.Type.Raw, StringComparer.Ordinal).OrderByDescending(t => t.Count()).ThenBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Count(), StringComparer.Ordinal),
                    g.Select(p => p.Instance).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                    distinct.Max(f => f.Severity));
            })
            .OrderByDescending(a => a.Findings).ThenByDescending(a => a.MaxSeverity).ThenBy(a => a.ImageId, StringComparer.Ordinal)
            .ToList();
        return new GuardDutySection
        {
            Findings = live.Count,
            PortProbesDropped = probes,
            SamplesIgnored = samples,
            ApiCallFindings = apiCalls,
            ByAmi = byAmi,
            WithoutAmi = kept.Count(f => !f.Instances.Any(i => i.ImageId is not null)),
        };
    }

    /// <summary>
    /// One finding per id, the one with the latest <c>updatedAt</c> (and so its <c>service.count</c>): GuardDuty
    /// aggregates repeated activity into the existing finding, raising <c>service.count</c> and <c>updatedAt</c>, and
    /// publishes each update again to EventBridge and to the S3 export (GuardDuty User Guide, "Aggregation of
    /// findings" and "Exporting generated findings to Amazon S3").
    /// </summary>
    public static IEnumerable<Finding> Latest(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var latest = new LatestById<Finding>();
        foreach (var f in findings)
        {
            latest.Add(f.Id, f.UpdatedAt, f);
        }

        return latest.Items;
    }

    /// <summary>True for findings about host communications: network connections, DNS requests, port probes, or any finding on an instance that is not an API call.</summary>
    public static bool IsNetwork(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Action is ActionKind.NetworkConnection or ActionKind.DnsRequest or ActionKind.PortProbe
            || (finding.Action != ActionKind.AwsApiCall && finding.Instances.Length > 0);
    }

    /// <summary>True for port-probe findings, dropped from the AMI pivot.</summary>
    public static bool IsPortProbe(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Action == ActionKind.PortProbe || finding.Type.Raw.Contains("PortProbe", StringComparison.OrdinalIgnoreCase);
    }
}
