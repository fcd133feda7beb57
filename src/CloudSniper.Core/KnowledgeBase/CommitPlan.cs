using System.Runtime.InteropServices;
using CloudSniper.Core.Findings;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>
/// Gathers what a batch of inserted or updated findings adds to the knowledge base before any of it is written:
/// one sighting per (indicator, finding), one aggregate per incident. Stores write the plan in as few statements
/// or requests as they can, and every store derives it the same way.
/// </summary>
public sealed class CommitPlan
{
    private readonly Dictionary<(string Ioc, string SourceId), PlannedSighting> _sightings = [];
    // Keyed by kind and key; the ids come with the items (FindingWithIocs.Incidents), computed once per finding.
    private readonly Dictionary<(IncidentKind, string), PlannedIncident> _incidents = [];
    private readonly Dictionary<string, PlannedIndicator> _indicators = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>The sightings, one per (indicator, finding); a later copy of a finding replaces an earlier one.</summary>
    public IReadOnlyCollection<PlannedSighting> Sightings => _sightings.Values;

    /// <summary>The indicators the sightings are of, each merged over the batch.</summary>
    public IReadOnlyCollection<PlannedIndicator> Indicators => _indicators.Values;

    /// <summary>The incidents the findings belong to.</summary>
    public IReadOnlyCollection<PlannedIncident> Incidents => _incidents.Values;

    /// <summary>True when nothing was added.</summary>
    public bool IsEmpty => _sightings.Count == 0 && _incidents.Count == 0;

    /// <summary>Adds a finding that is being inserted or replaced; returns how many sightings it records.</summary>
    public int Add(FindingWithIocs item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        var finding = item.Finding;
        var (first, last) = KnowledgeBaseRules.SeenWindow(finding, now);
        var source = KnowledgeBaseRules.SourceName(finding.Source);
        var recorded = 0;
        var seen = _seen;
        seen.Clear();
        foreach (var observation in item.Iocs)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_sightings, (observation.Value, finding.Id), out var planned);
            var confidence = observation.Confidence;
            if (!seen.Add(observation.Value))
            {
                // The same indicator twice in one finding is one sighting, with the higher confidence.
                confidence = Math.Max(confidence, slot!.Confidence);
            }
            else
            {
                recorded++;
            }

            var sighting = new Sighting(observation.Value, finding.Id, source, observation.Role.ToString(), finding.AccountId, finding.Region, first, last, finding.Count);
            slot = new PlannedSighting(sighting, observation.Type, confidence);

            if (!_indicators.TryGetValue(observation.Value, out var indicator))
            {
                indicator = new PlannedIndicator(observation.Value, observation.Type);
                _indicators.Add(observation.Value, indicator);
            }

            indicator.FirstSeen = first < indicator.FirstSeen ? first : indicator.FirstSeen;
            indicator.LastSeen = last > indicator.LastSeen ? last : indicator.LastSeen;
            indicator.Confidence = Math.Max(indicator.Confidence, confidence);
            indicator.Sources.Add(source);
            if (finding.AccountId is not null)
            {
                indicator.Accounts.Add(finding.AccountId);
            }

            if (finding.Region is not null)
            {
                indicator.Regions.Add(finding.Region);
            }

            if (!planned)
            {
                indicator.FindingIds.Add(finding.Id);
            }
        }

        foreach (var key in item.Incidents)
        {
            if (!_incidents.TryGetValue((key.Kind, key.Key), out var incident))
            {
                incident = new PlannedIncident(key) { AccountId = finding.AccountId, Region = finding.Region, MaxSeverity = finding.Severity };
                _incidents.Add((key.Kind, key.Key), incident);
            }

            incident.MaxSeverity = Math.Max(incident.MaxSeverity, finding.Severity);
            incident.FirstSeen = first < incident.FirstSeen ? first : incident.FirstSeen;
            incident.LastSeen = last > incident.LastSeen ? last : incident.LastSeen;
            incident.AccountId ??= finding.AccountId;
            incident.Region ??= finding.Region;
            ref var since = ref CollectionsMarshal.GetValueRefOrAddDefault(incident.Findings, finding.Id, out var known);
            since = known && since < first ? since : first;
            incident.Types.Add(finding.Type.Raw);
        }

        return recorded;
    }

    /// <summary>Empties the plan for the next batch.</summary>
    public void Clear()
    {
        _sightings.Clear();
        _incidents.Clear();
        _indicators.Clear();
    }
}
