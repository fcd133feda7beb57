using CloudSniper.Core.CloudTrail;

namespace CloudSniper.Core.Sigma.Internal;

/// <summary>
/// A named search of a rule's <c>detection</c>: alternatives (a list of maps is OR) each an AND of field conditions,
/// or a keyword list matched anywhere in the record's JSON.
/// </summary>
internal sealed class SearchIdentifier(string name, IReadOnlyList<IReadOnlyList<FieldCondition>> alternatives, IReadOnlyList<Glob>? keywords)
{
    public string Name { get; } = name;

    public IReadOnlyList<IReadOnlyList<FieldCondition>> Alternatives { get; } = alternatives;

    public bool Matches(CloudTrailRecord record)
    {
        if (keywords is not null)
        {
            var text = record.JsonText();
            foreach (var k in keywords)
            {
                if (k.IsMatch(text))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var alternative in Alternatives)
        {
            var ok = true;
            foreach (var condition in alternative)
            {
                if (!condition.Matches(record))
                {
                    ok = false;
                    break;
                }
            }

            if (ok)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The event names the search can match when every alternative pins <c>eventName</c> to exact values; else null.</summary>
    public HashSet<string>? RequiredEventNames()
    {
        if (keywords is not null || Alternatives.Count == 0)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var alternative in Alternatives)
        {
            var pinned = alternative.FirstOrDefault(c => c.Field == StandardFields.EventName && c.ExactValues() is not null);
            if (pinned is null)
            {
                return null;
            }

            names.UnionWith(pinned.ExactValues()!);
        }

        return names;
    }
}
