namespace CloudSniper.Core.Parsing.Internal;

/// <summary>Cheap byte-level checks on the first bytes of an input, for format detection.</summary>
internal static class Sniff
{
    /// <summary>True when <paramref name="needle"/> occurs in <paramref name="head"/>.</summary>
    public static bool Has(ReadOnlySpan<byte> head, ReadOnlySpan<byte> needle) => head.IndexOf(needle) >= 0;

    /// <summary>The first byte that is not whitespace or a UTF-8 byte order mark, or 0.</summary>
    public static byte FirstSignificant(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        var i = head.IndexOfAnyExcept(" \t\r\n"u8);
        return i < 0 ? (byte)0 : head[i];
    }

    /// <summary>True when the head starts like JSON (an object or an array).</summary>
    public static bool LooksLikeJson(ReadOnlySpan<byte> head) => FirstSignificant(head) is (byte)'{' or (byte)'[';

    /// <summary>True when a JSON key <paramref name="key"/> (with quotes) is followed by <paramref name="value"/> (with quotes), spaces allowed.</summary>
    public static bool HasPair(ReadOnlySpan<byte> head, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var from = 0;
        while (true)
        {
            var at = head[from..].IndexOf(key);
            if (at < 0)
            {
                return false;
            }

            var rest = head[(from + at + key.Length)..];
            var colon = rest.IndexOfAnyExcept(" \t\r\n"u8);
            if (colon >= 0 && rest[colon] == (byte)':')
            {
                var after = rest[(colon + 1)..];
                var start = after.IndexOfAnyExcept(" \t\r\n"u8);
                if (start >= 0 && after[start..].StartsWith(value))
                {
                    return true;
                }
            }

            from += at + key.Length;
        }
    }
}
