using System.Text;

namespace CloudSniper.Core.Escaping;

/// <summary>Escapes text for a Markdown table cell or list item so that it renders as literal text on one line.</summary>
public static class MarkdownText
{
    /// <summary>
    /// Encodes <c>&amp; &lt; &gt;</c> as entities (no raw HTML), backslash-escapes <c>\ | ` * _ [ ]</c> (no table
    /// breaks, code, emphasis or links) and turns line breaks into spaces (no new rows or blocks).
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '&':
                    sb.Append("&amp;");
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;

                // CommonMark "Backslash escapes": any ASCII punctuation may be backslash-escaped; GFM tables also honour \|.
                case '\\' or '|' or '`' or '*' or '_' or '[' or ']':
                    sb.Append('\\').Append(c);
                    break;
                case '\r':
                    sb.Append(' ');
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n':
                    sb.Append(' ');
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }
}
