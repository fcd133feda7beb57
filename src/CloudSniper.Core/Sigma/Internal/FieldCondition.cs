using CloudSniper.Core.CloudTrail;

namespace CloudSniper.Core.Sigma.Internal;

/// <summary>
/// One <c>field|modifiers: values</c> entry: true when any value matches (all of them with <c>|all</c>); with
/// <c>|exists</c> a presence test.
/// </summary>
internal sealed class FieldCondition(int field, string path, IReadOnlyList<ValuePattern> patterns, bool all, bool? exists)
{
    public int Field { get; } = field;

    public string Path { get; } = path;

    public IReadOnlyList<ValuePattern> Patterns { get; } = patterns;

    public bool Matches(CloudTrailRecord record)
    {
        if (exists is { } shouldExist)
        {
            return record.Has(Field) == shouldExist;
        }

        if (all)
        {
            foreach (var p in Patterns)
            {
                if (!p.Matches(record, Field))
                {
                    return false;
                }
            }

            return Patterns.Count > 0;
        }

        foreach (var p in Patterns)
        {
            if (p.Matches(record, Field))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The exact values this condition accepts when it is a plain equality list, else null.</summary>
    public IReadOnlyList<string>? ExactValues()
    {
        if (exists is not null || all)
        {
            return null;
        }

        var values = new List<string>(Patterns.Count);
        foreach (var p in Patterns)
        {
            if (p.Kind != PatternKind.Glob || p.Glob!.ExactLiteral is not { } literal)
            {
                return null;
            }

            values.Add(literal);
        }

        return values;
    }
}
