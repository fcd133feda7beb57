using System.Globalization;
using System.Text;

namespace CloudSniper.Core.Escaping;

/// <summary>
/// A short, printable excerpt of untrusted input for an error message: control characters become <c>\n</c>, <c>\t</c>,
/// <c>\r</c>, <c>\0</c> or <c>\xNN</c>, bytes that are not UTF-8 become <c>\xNN</c>, and past <c>max</c> characters the
/// excerpt ends with "…". A binary file or a log line with an embedded escape sequence cannot garble the terminal that
/// shows the error, nor fake a second error line.
/// </summary>
public static class ErrorPreview
{
    /// <summary>The first <paramref name="max"/> characters of <paramref name="utf8"/>, escaped.</summary>
    public static string Of(ReadOnlySpan<byte> utf8, int max = 40)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var builder = new StringBuilder(Math.Min(utf8.Length, max) + 8);
        var shown = 0;
        var rest = utf8;
        while (!rest.IsEmpty && shown < max)
        {
            var status = Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{rest[0]:X2}");
                rest = rest[1..];
            }
            else
            {
                Append(builder, rune);
                rest = rest[consumed..];
            }

            shown++;
        }

        return rest.IsEmpty ? builder.ToString() : builder.Append('…').ToString();
    }

    /// <summary>The first <paramref name="max"/> characters of <paramref name="text"/>, escaped; null reads as empty.</summary>
    public static string Of(string? text, int max = 40)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, max) + 8);
        var shown = 0;
        var index = 0;
        while (index < text.Length && shown < max)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[index]:X4}");
                index++;
            }
            else
            {
                Append(builder, rune);
                index += consumed;
            }

            shown++;
        }

        return index >= text.Length ? builder.ToString() : builder.Append('…').ToString();
    }

    private static void Append(StringBuilder builder, Rune rune)
    {
        switch (rune.Value)
        {
            case '\n': builder.Append("\\n"); return;
            case '\r': builder.Append("\\r"); return;
            case '\t': builder.Append("\\t"); return;
            case '\0': builder.Append("\\0"); return;
        }

        // C0 and C1 controls (ESC starts terminal sequences), DEL, and the Unicode line and paragraph separators.
        if (rune.Value < 0x20 || (rune.Value >= 0x7F && rune.Value < 0xA0))
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:X2}");
        }
        else if (rune.Value is 0x2028 or 0x2029 || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}");
        }
        else
        {
            builder.Append(rune.ToString());
        }
    }
}
