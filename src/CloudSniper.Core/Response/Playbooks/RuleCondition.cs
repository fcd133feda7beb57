using System.Collections.Immutable;
using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Response.Playbooks;

/// <summary>
/// A rule's <c>when</c>: every listed criterion must hold; within a list any value may match. An empty condition
/// matches every finding.
/// </summary>
public sealed record RuleCondition
{
    /// <summary>Finding-type patterns (any may match).</summary>
    public ImmutableArray<TypePattern> Types { get; init; } = [];

    /// <summary>The minimum numeric severity (0–10), or null for any.</summary>
    public double? MinSeverity { get; init; }

    /// <summary>Resource types as the source names them (<c>Instance</c>, <c>AccessKey</c>, …).</summary>
    public ImmutableArray<string> ResourceTypes { get; init; } = [];

    public ImmutableArray<FindingSource> Sources { get; init; } = [];

    public ImmutableArray<string> Accounts { get; init; } = [];

    public ImmutableArray<string> Regions { get; init; } = [];

    /// <summary>Tags the affected instance must carry; a value of <c>*</c> only requires the key.</summary>
    public ImmutableSortedDictionary<string, string> Tags { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>True when the finding's type matches one of <see cref="Types"/> (or none is given).</summary>
    public bool MatchesType(string type)
    {
        if (Types.IsEmpty)
        {
            return true;
        }

        foreach (var pattern in Types)
        {
            if (pattern.IsMatch(type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every criterion other than the type holds for <paramref name="finding"/>.</summary>
    public bool MatchesRest(Finding finding)
    {
        if (MinSeverity is { } min && finding.Severity < min)
        {
            return false;
        }

        if (!ResourceTypes.IsEmpty && !Contains(ResourceTypes, finding.ResourceType ?? finding.Type.ResourceType))
        {
            return false;
        }

        if (!Sources.IsEmpty && !Sources.Contains(finding.Source))
        {
            return false;
        }

        if (!Accounts.IsEmpty && !Contains(Accounts, finding.AccountId))
        {
            return false;
        }

        if (!Regions.IsEmpty && !Contains(Regions, finding.Region))
        {
            return false;
        }

        if (!Tags.IsEmpty && !HasTags(finding))
        {
            return false;
        }

        return true;
    }

    /// <summary>True when the whole condition holds.</summary>
    public bool Matches(Finding finding) => MatchesType(finding.Type.Raw) && MatchesRest(finding);

    private bool HasTags(Finding finding)
    {
        foreach (var instance in finding.Instances)
        {
            var all = true;
            foreach (var (key, value) in Tags)
            {
                if (!instance.Tags.TryGetValue(key, out var actual) || (value != "*" && !string.Equals(actual, value, StringComparison.Ordinal)))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(ImmutableArray<string> values, string? value)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var v in values)
        {
            if (string.Equals(v, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
