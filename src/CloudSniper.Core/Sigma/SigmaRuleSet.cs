using CloudSniper.Core.CloudTrail;

namespace CloudSniper.Core.Sigma;

/// <summary>
/// The loaded rules, indexed by the event names they require so that each record is tested only against rules
/// that can match it (most CloudTrail rules pin <c>eventName</c>), plus the rules that were skipped.
/// </summary>
public sealed class SigmaRuleSet
{
    private readonly Dictionary<string, SigmaRule[]> _byEventName;
    private readonly SigmaRule[] _unindexed;

    /// <summary>Builds the set and its index.</summary>
    public SigmaRuleSet(IReadOnlyList<SigmaRule> rules, IReadOnlyList<SigmaSkippedRule> skipped)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(skipped);
        Rules = rules;
        Skipped = skipped;
        _unindexed = [.. rules.Where(r => r.RequiredEventNames is null)];
        _byEventName = rules
            .Where(r => r.RequiredEventNames is not null)
            .SelectMany(r => r.RequiredEventNames!.Select(n => (Name: n, Rule: r)))
            .GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Rule).Distinct().ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>An empty set.</summary>
    public static SigmaRuleSet Empty { get; } = new([], []);

    public IReadOnlyList<SigmaRule> Rules { get; }

    public IReadOnlyList<SigmaSkippedRule> Skipped { get; }

    /// <summary>Calls <paramref name="onMatch"/> for every rule matching <paramref name="record"/>.</summary>
    public void Match(CloudTrailRecord record, Action<SigmaRule> onMatch)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(onMatch);
        foreach (var rule in _unindexed)
        {
            if (rule.Matches(record))
            {
                onMatch(rule);
            }
        }

        if (_byEventName.Count > 0 && record.Text(StandardFields.EventName) is { } name && _byEventName.TryGetValue(name, out var candidates))
        {
            foreach (var rule in candidates)
            {
                if (rule.Matches(record))
                {
                    onMatch(rule);
                }
            }
        }
    }
}
