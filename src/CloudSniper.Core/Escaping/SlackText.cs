namespace CloudSniper.Core.Escaping;

/// <summary>Escapes text for Slack <c>mrkdwn</c> and message <c>text</c> fields so that it cannot mention, link or format.</summary>
public static class SlackText
{
    /// <summary>
    /// Replaces <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> with their entities, so <c>&lt;!channel&gt;</c> and disguised
    /// links such as <c>&lt;http://evil|bank.com&gt;</c> show as text.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Slack "Formatting text for app surfaces", Escaping text: only &, < and > are control characters and must be
        // replaced by &amp;, &lt; and &gt;; & goes first so the other entities are not escaped twice.
        return value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>Shortens escaped text to at most <paramref name="max"/> characters with an ellipsis, never splitting an entity.</summary>
    public static string Clip(string escaped, int max)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        if (escaped.Length <= max)
        {
            return escaped;
        }

        var cut = escaped[..(max - 1)];

        // A half entity ("&am") would render as literal text; cut before it instead.
        var amp = cut.LastIndexOf('&');
        if (amp >= 0 && cut.IndexOf(';', amp) < 0)
        {
            cut = cut[..amp];
        }

        return cut + "…";
    }
}
