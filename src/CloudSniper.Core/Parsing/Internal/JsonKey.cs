using System.Text;
using System.Text.Json;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>
/// Reads a property name as characters with its first letter lower-cased, so that one <c>switch</c> matches
/// both the camelCase wire names and the PascalCase names of SDK dumps.
/// </summary>
internal static class JsonKey
{
    /// <summary>Writes the current property name into <paramref name="buffer"/> and returns its length (0 when it does not fit).</summary>
    public static int Read(ref Utf8JsonReader reader, scoped Span<char> buffer)
    {
        var raw = reader.ValueSpan;
        int length;
        if (!reader.ValueIsEscaped && raw.Length <= buffer.Length && Ascii.ToUtf16(raw, buffer, out length) == System.Buffers.OperationStatus.Done)
        {
            // ASCII fast path: names in AWS documents are plain ASCII.
        }
        else if (raw.Length <= buffer.Length)
        {
            length = reader.CopyString(buffer);
        }
        else
        {
            return 0;
        }

        if (length > 0 && char.IsAsciiLetterUpper(buffer[0]))
        {
            buffer[0] = (char)(buffer[0] | 0x20);
        }

        return length;
    }
}
