using System.Text;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>Splits one CSV line (RFC 4180 quoting: <c>"a, b"</c>, <c>""</c> for a quote); fields are trimmed.</summary>
internal static class CsvFields
{
    /// <summary>The most frequent of comma, semicolon, tab and pipe outside quotes in a header line (comma on a tie).</summary>
    public static char DetectDelimiter(string header)
    {
        var counts = new Dictionary<char, int> { [','] = 0, [';'] = 0, ['\t'] = 0, ['|'] = 0 };
        var quoted = false;
        foreach (var c in header)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && counts.TryGetValue(c, out var n))
            {
                counts[c] = n + 1;
            }
        }

        var best = counts.MaxBy(kv => kv.Value);
        return best.Value > counts[','] ? best.Key : ',';
    }

    /// <summary>Splits <paramref name="line"/> into <paramref name="fields"/>; false when a quoted field is not closed.</summary>
    public static bool TrySplit(string line, char delimiter, List<string> fields)
    {
        fields.Clear();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.ToString().Trim().Length == 0 && !wasQuoted)
            {
                field.Clear();
                quoted = true;
                wasQuoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(wasQuoted ? field.ToString() : field.ToString().Trim());
                field.Clear();
                wasQuoted = false;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            return false;
        }

        fields.Add(wasQuoted ? field.ToString() : field.ToString().Trim());
        return true;
    }
}
