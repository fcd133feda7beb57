using CloudSniper.Core.Findings;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>One incident a finding belongs to: what it groups by, and its <see cref="Incident.IdFor"/> id.</summary>
public readonly record struct IncidentKey(IncidentKind Kind, string Key, string Id);

/// <summary>Which incidents a finding belongs to: one per affected resource and one per blockable indicator.</summary>
public static class IncidentKeys
{
    /// <summary>What an indicator's incident key starts with, before the indicator's value.</summary>
    public const string IndicatorPrefix = "ioc:";

    /// <summary>
    /// The grouping keys of a finding. Sample findings and feed entries open no incident: the first is not real,
    /// the second is intelligence, not an event in our accounts.
    /// </summary>
    public static IEnumerable<(IncidentKind Kind, string Key)> For(FindingWithIocs item)
    {
        var finding = item.Finding;
        if (finding.IsSample || finding.Source == FindingSource.Feed)
        {
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in finding.Resources)
        {
            if (seen.Add(resource.Key))
            {
                yield return (IncidentKind.Resource, resource.Key);
            }
        }

        foreach (var ioc in item.Iocs)
        {
            var key = IndicatorPrefix + ioc.Value;
            if (seen.Add(key))
            {
                yield return (IncidentKind.Indicator, key);
            }
        }
    }

    /// <summary>The incidents of a finding with their ids, as <see cref="FindingWithIocs.Incidents"/> keeps them.</summary>
    public static IncidentKey[] WithIds(FindingWithIocs item) =>
        [.. For(item).Select(k => new IncidentKey(k.Kind, k.Key, Incident.IdFor(k.Kind, k.Key)))];
}
