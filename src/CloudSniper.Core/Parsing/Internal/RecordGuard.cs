using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>Checks shared by every JSON parser before a record is read, and the translation of reader errors.</summary>
internal static class RecordGuard
{
    /// <summary>The error for a record the splitter already rejected or whose bytes are not UTF-8; null when it may be read.</summary>
    public static RecordError? Check(JsonRecord record, string source)
    {
        if (record.Error is { } error)
        {
            return new RecordError(source, record.Line, record.Offset, error);
        }

        var data = record.Data.Span;
        if (Utf8.IsValid(data))
        {
            return null;
        }

        var bad = FirstInvalidUtf8(data);
        return new RecordError(source, record.Line + data[..bad].Count((byte)'\n'), record.Offset + bad, "invalid UTF-8 byte sequence");
    }

    /// <summary>The index of the first byte that does not start a valid UTF-8 sequence.</summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> data)
    {
        var index = 0;
        while (index < data.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(data[index..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return index;
            }

            index += consumed;
        }

        return index;
    }

    /// <summary>A record error at the position a <see cref="JsonException"/> names inside the record.</summary>
    public static RecordError FromJsonException(JsonRecord record, string source, JsonException ex)
    {
        var data = record.Data.Span;
        long line = record.Line;
        long offset = record.Offset;
        if (ex.LineNumber is { } lineInRecord && ex.BytePositionInLine is { } column)
        {
            var lineStart = 0;
            for (var i = 0; i < lineInRecord; i++)
            {
                var nl = data[lineStart..].IndexOf((byte)'\n');
                if (nl < 0)
                {
                    break;
                }

                lineStart += nl + 1;
            }

            line += lineInRecord;
            offset += lineStart + column;
        }

        return new RecordError(source, line, offset, "invalid JSON: " + Describe(ex));
    }

    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    /// <summary>A short printable excerpt of bytes for error messages.</summary>
    public static string Excerpt(ReadOnlySpan<byte> data, int max = 40) => Escaping.ErrorPreview.Of(data, max);
}
