namespace CloudSniper.Core.Sigma.Internal;

/// <summary>
/// A Sigma string value: <c>*</c> any run, <c>?</c> one character, <c>\*</c>, <c>\?</c> and <c>\\</c> literal.
/// Compiled to the cheapest test that fits (equals, prefix, suffix, contains, or a general glob).
/// </summary>
internal sealed class Glob
{
    private enum Shape
    {
        Exact,
        Prefix,
        Suffix,
        Contains,
        Any,
        General,
    }

    private readonly Shape _shape;
    private readonly string _literal;
    private readonly string _pattern;
    private readonly StringComparison _comparison;

    private Glob(Shape shape, string literal, string pattern, StringComparison comparison)
    {
        _shape = shape;
        _literal = literal;
        _pattern = pattern;
        _comparison = comparison;
    }

    /// <summary>The literal text with wildcards marked: '\u0001' for <c>*</c>, '\u0002' for <c>?</c>.</summary>
    public static string Decode(string value)
    {
        var sb = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length && value[i + 1] is '*' or '?' or '\\')
            {
                sb.Append(value[++i]);
            }
            else if (c == '*')
            {
                sb.Append('\u0001');
            }
            else if (c == '?')
            {
                sb.Append('\u0002');
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Compiles an already <see cref="Decode">decoded</see> pattern.</summary>
    public static Glob Compile(string decoded, bool caseSensitive)
    {
        var comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (decoded.Contains('\u0002', StringComparison.Ordinal))
        {
            return new Glob(Shape.General, "", decoded, comparison);
        }

        var stars = decoded.Count(c => c == '\u0001');
        if (stars == 0)
        {
            return new Glob(Shape.Exact, decoded, decoded, comparison);
        }

        if (stars == decoded.Length)
        {
            return new Glob(Shape.Any, "", decoded, comparison);
        }

        var leading = decoded[0] == '\u0001';
        var trailing = decoded[^1] == '\u0001';
        var inner = decoded[(leading ? 1 : 0)..(decoded.Length - (trailing ? 1 : 0))];
        if (inner.Length == 0)
        {
            return new Glob(Shape.Any, "", decoded, comparison);
        }

        if (!inner.Contains('\u0001', StringComparison.Ordinal))
        {
            var shape = leading && trailing ? Shape.Contains : leading ? Shape.Suffix : Shape.Prefix;
            return new Glob(shape, inner, decoded, comparison);
        }

        return new Glob(Shape.General, "", decoded, comparison);
    }

    /// <summary>The literal of an exact pattern, else null (used to index rules by event name).</summary>
    public string? ExactLiteral => _shape == Shape.Exact ? _literal : null;

    public bool IsMatch(string value) => _shape switch
    {
        Shape.Exact => value.Equals(_literal, _comparison),
        Shape.Prefix => value.StartsWith(_literal, _comparison),
        Shape.Suffix => value.EndsWith(_literal, _comparison),
        Shape.Contains => value.Contains(_literal, _comparison),
        Shape.Any => true,
        _ => GeneralMatch(value.AsSpan(), _pattern.AsSpan(), _comparison == StringComparison.OrdinalIgnoreCase),
    };

    private static bool GeneralMatch(ReadOnlySpan<char> text, ReadOnlySpan<char> pattern, bool ignoreCase)
    {
        int t = 0, p = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '\u0002' || Same(pattern[p], text[t], ignoreCase)))
            {
                t++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '\u0001')
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '\u0001')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
