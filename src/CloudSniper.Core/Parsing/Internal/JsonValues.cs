using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>
/// Scalar reads on a <see cref="Utf8JsonReader"/> positioned on a value. Lenient reads accept the notations AWS
/// mixes (numbers as strings and back) and return null for anything else; strict reads reject a wrong type with
/// a <see cref="RecordFormatException"/> naming the field.
/// </summary>
internal static class JsonValues
{
    /// <summary>A string (numbers and booleans as text); null for null, objects and arrays (which are skipped).</summary>
    public static string? String(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>A string or number as text, or null; anything else is a wrong type.</summary>
    public static string? StrictString(ref Utf8JsonReader reader, string path) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => throw WrongType(path, "a string", reader.TokenType),
    };

    /// <summary>A number (or numeric string), or null; anything else is a wrong type.</summary>
    public static double? StrictDouble(ref Utf8JsonReader reader, string path)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.GetDouble();
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                var text = reader.GetString();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
                {
                    return value;
                }

                throw new RecordFormatException($"{path}: expected a number, got \"{Clip(text)}\"");
            default:
                throw WrongType(path, "a number", reader.TokenType);
        }
    }

    /// <summary>A whole number (or numeric string), or null; anything else is a wrong type.</summary>
    public static long? StrictLong(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var whole))
        {
            return whole;
        }

        var value = StrictDouble(ref reader, path);
        if (value is null)
        {
            return null;
        }

        if (value < long.MinValue || value > long.MaxValue)
        {
            throw new RecordFormatException($"{path}: {value} is out of range");
        }

        return (long)value.Value;
    }

    /// <summary>A number (or numeric string), or null.</summary>
    public static double? Double(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var d) ? d : null;
            case JsonTokenType.String:
                return double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>A whole number (or numeric string) that fits, or null.</summary>
    public static long? Long(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var whole))
        {
            return whole;
        }

        var value = Double(ref reader);
        return value is >= long.MinValue and <= long.MaxValue ? (long)value.Value : null;
    }

    /// <summary>A whole number that fits an int, or null.</summary>
    public static int? Int(ref Utf8JsonReader reader)
    {
        var value = Long(ref reader);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value.Value : null;
    }

    /// <summary>True for <c>true</c> or the string "true" (any case).</summary>
    public static bool Bool(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.String:
                return reader.ValueTextEquals("true"u8) || string.Equals(reader.GetString(), "true", StringComparison.OrdinalIgnoreCase);
            default:
                reader.Skip();
                return false;
        }
    }

    /// <summary>A timestamp (ISO 8601 or epoch), or null; anything else is a wrong type.</summary>
    public static DateTimeOffset? StrictDate(ref Utf8JsonReader reader, string path)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // The fast path only for UTC ("…Z"): without an offset the reader would assume local time.
                if (!reader.ValueIsEscaped && reader.ValueSpan is [.., (byte)'Z'] && reader.TryGetDateTimeOffset(out var fast))
                {
                    return fast;
                }

                var text = reader.GetString();
                if (Dates.TryParse(text, out var parsed))
                {
                    return parsed;
                }

                throw new RecordFormatException($"{path}: \"{Clip(text)}\" is not a date");
            case JsonTokenType.Number:
                if (reader.TryGetDouble(out var epoch) && Dates.TryFromEpoch(epoch, out var fromEpoch))
                {
                    return fromEpoch;
                }

                throw new RecordFormatException($"{path}: {Encoding.UTF8.GetString(reader.ValueSpan)} is not a date");
            case JsonTokenType.Null:
                return null;
            default:
                throw WrongType(path, "a date", reader.TokenType);
        }
    }

    /// <summary>A timestamp (ISO 8601, Unix <c>date</c> form or epoch), or null.</summary>
    public static DateTimeOffset? Date(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // The fast path only for UTC ("…Z"): without an offset the reader would assume local time.
                if (!reader.ValueIsEscaped && reader.ValueSpan is [.., (byte)'Z'] && reader.TryGetDateTimeOffset(out var fast))
                {
                    return fast;
                }

                return Dates.TryParse(reader.GetString(), out var parsed) ? parsed : null;
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var epoch) && Dates.TryFromEpoch(epoch, out var value) ? value : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>The error for a value of the wrong JSON type.</summary>
    public static RecordFormatException WrongType(string path, string expected, JsonTokenType actual) =>
        new($"{path}: expected {expected}, got {Describe(actual)}");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Clip(string? text) => Escaping.ErrorPreview.Of(text);
}
