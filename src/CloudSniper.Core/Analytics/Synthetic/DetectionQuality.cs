using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics.Synthetic;

/// <summary>
/// Recall and precision of a beacon report against the planted truth. A reported (source, destination) that matches
/// a planted beacon is a true positive; any other, fleet-wide agents included, is a false positive.
/// </summary>
public sealed record DetectionQuality(
    int Planted,
    int Found,
    int Reported,
    int FalsePositives,
    int FleetAgentFalsePositives,
    IReadOnlyList<PlantedBeacon> Missed,
    IReadOnlyList<Beacon> Spurious)
{
    /// <summary>Found planted beacons over all planted.</summary>
    public double Recall => Planted == 0 ? 1 : (double)Found / Planted;

    /// <summary>True positives over all reported (source, destination) pairs.</summary>
    public double Precision => Reported == 0 ? 1 : (double)(Reported - FalsePositives) / Reported;

    /// <summary>Compares <paramref name="report"/>'s beacons with what <paramref name="data"/> planted.</summary>
    public static DetectionQuality Evaluate(BeaconReport report, SyntheticFlowLogs data)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(data);
        var planted = data.Beacons.ToDictionary(b => (b.Src, b.Dst));
        var agentDsts = data.Agents.Select(a => a.Dst).ToHashSet();
        var reported = report.Beacons.GroupBy(b => (b.Src, b.Dst)).Select(g => g.First()).ToList();
        var found = new HashSet<(FlowAddress, FlowAddress)>();
        var spurious = new List<Beacon>();
        foreach (var b in reported)
        {
            if (planted.ContainsKey((b.Src, b.Dst)))
            {
                found.Add((b.Src, b.Dst));
            }
            else
            {
                spurious.Add(b);
            }
        }

        var missed = data.Beacons.Where(b => !found.Contains((b.Src, b.Dst))).ToList();
        return new DetectionQuality(
            planted.Count,
            found.Count,
            reported.Count,
            spurious.Count,
            spurious.Count(s => agentDsts.Contains(s.Dst)),
            missed,
            spurious);
    }
}
