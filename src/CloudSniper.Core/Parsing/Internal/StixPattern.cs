using System.Text;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>
/// Extracts IP, domain and URL values from STIX 2.1 patterns: <c>[ipv4-addr:value = '…']</c>, comparisons
/// joined by <c>OR</c> (inside or between observations), <c>ISSUBSET</c> for CIDRs, and <c>IN (…)</c> lists.
/// An observation whose comparisons are joined by <c>AND</c> needs all of them at once, so no single value of it
/// is an indicator: it is left out.
/// </summary>
internal static class StixPattern
{
    private static readonly HashSet<string> Paths = new(StringComparer.OrdinalIgnoreCase)
    {
        "ipv4-addr:value", "ipv6-addr:value", "domain-name:value", "url:value",
    };

    /// <summary>The indicator values of a pattern, in order and without duplicates; empty when it has none this product can use.</summary>
    public static IReadOnlyList<string> Values(string pattern)
    {
        var tokens = Tokenize(pattern);
        var values = new List<string>();
        var observation = new List<string>();
        var conjunction = false;
        var depth = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var (literal, text) = tokens[i];
            if (!literal && text == "[")
            {
                depth++;
                observation.Clear();
                conjunction = false;
                continue;
            }

            if (!literal && text == "]")
            {
                depth--;
                if (!conjunction)
                {
                    values.AddRange(observation.Where(v => !values.Contains(v)));
                }

                observation.Clear();
                continue;
            }

            if (depth <= 0)
            {
                continue;
            }

            if (!literal && text.Equals("AND", StringComparison.OrdinalIgnoreCase))
            {
                conjunction = true;
                continue;
            }

            if (literal || !Paths.Contains(text) || i + 1 >= tokens.Count)
            {
                continue;
            }

            var op = i + 1;
            if (tokens[op].Text.Equals("NOT", StringComparison.OrdinalIgnoreCase))
            {
                // A negated comparison matches everything but the value.
                i = op + 1;
                continue;
            }

            var opText = tokens[op].Text;
            if ((opText == "=" || opText.Equals("ISSUBSET", StringComparison.OrdinalIgnoreCase)) && op + 1 < tokens.Count && tokens[op + 1].Literal)
            {
                observation.Add(tokens[op + 1].Text);
                i = op + 1;
            }
            else if (opText.Equals("IN", StringComparison.OrdinalIgnoreCase) && op + 1 < tokens.Count && !tokens[op + 1].Literal && tokens[op + 1].Text == "(")
            {
                var j = op + 2;
                for (; j < tokens.Count && (tokens[j].Literal || tokens[j].Text != ")"); j++)
                {
                    if (tokens[j].Literal)
                    {
                        observation.Add(tokens[j].Text);
                    }
                }

                i = j;
            }
        }

        return values;
    }

    private static List<(bool Literal, string Text)> Tokenize(string pattern)
    {
        var tokens = new List<(bool, string)>();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (char.IsWhiteSpace(c) || c == ',')
            {
                i++;
            }
            else if (c == '\'')
            {
                var text = new StringBuilder();
                i++;
                while (i < pattern.Length && pattern[i] != '\'')
                {
                    if (pattern[i] == '\\' && i + 1 < pattern.Length)
                    {
                        i++;
                    }

                    text.Append(pattern[i]);
                    i++;
                }

                i++;
                tokens.Add((true, text.ToString()));
            }
            else if (c is '[' or '(')
            {
                tokens.Add((false, c.ToString()));
                i++;
            }
            else if (c is ']' or ')')
            {
                tokens.Add((false, c.ToString()));
                i++;
            }
            else if (c is '=' or '!' or '<' or '>')
            {
                var start = i;
                while (i < pattern.Length && pattern[i] is '=' or '!' or '<' or '>')
                {
                    i++;
                }

                tokens.Add((false, pattern[start..i]));
            }
            else
            {
                var start = i;
                while (i < pattern.Length && !char.IsWhiteSpace(pattern[i]) && pattern[i] is not ('[' or ']' or '(' or ')' or '\'' or '=' or '!' or '<' or '>' or ','))
                {
                    i++;
                }

                tokens.Add((false, pattern[start..i]));
            }
        }

        return tokens;
    }
}
