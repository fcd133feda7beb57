using System.Globalization;
using System.Text.Json;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>Property reads on a <see cref="JsonElement"/> for the DOM-based parsers (ASFF, Inspector, STIX): lenient unless named strict.</summary>
internal static class JsonElements
{
    /// <summary>The property when <paramref name="element"/> is an object that has it and it is not null.</summary>
    public static JsonElement? Get(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The property if it is an object.</summary>
    public static JsonElement? Object(this JsonElement element, string name) =>
        element.Get(name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    /// <summary>The items of an array property (none when absent or not an array).</summary>
    public static JsonElement.ArrayEnumerator Items(this JsonElement element, string name) =>
        element.Get(name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : default;

    /// <summary>A string (numbers and booleans as text), or null.</summary>
    public static string? String(this JsonElement element, string name) => element.Get(name) is { } value ? AsString(value) : null;

    /// <summary>A scalar as text, or null for objects and arrays.</summary>
    public static string? AsString(this JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>A string, or a <see cref="RecordFormatException"/> when the property holds another type.</summary>
    public static string? StrictString(this JsonElement element, string name, string path) => element.Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
        { } value => throw WrongType(path, "a string", value),
    };

    /// <summary>A number (or numeric string), or null.</summary>
    public static double? Number(this JsonElement element, string name) => element.Get(name) switch
    {
        { ValueKind: JsonValueKind.Number } value => value.TryGetDouble(out var d) ? d : null,
        { ValueKind: JsonValueKind.String } value => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null,
        _ => null,
    };

    /// <summary>A number (or numeric string), or a <see cref="RecordFormatException"/> for anything else.</summary>
    public static double? StrictNumber(this JsonElement element, string name, string path)
    {
        switch (element.Get(name))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.Number } value:
                return value.GetDouble();
            case { ValueKind: JsonValueKind.String } value:
                var text = value.GetString();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? d
                    : throw new RecordFormatException($"{path}: expected a number, got \"{text}\"");
            case { } value:
                throw WrongType(path, "a number", value);
        }
    }

    /// <summary>A whole number that fits an int, or null.</summary>
    public static int? Int(this JsonElement element, string name) =>
        element.Number(name) is { } d && d is >= int.MinValue and <= int.MaxValue ? (int)d : null;

    /// <summary>True for <c>true</c> or "true".</summary>
    public static bool Bool(this JsonElement element, string name) => element.Get(name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.String } value => string.Equals(value.GetString(), "true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>A timestamp, or null.</summary>
    public static DateTimeOffset? Date(this JsonElement element, string name) => element.Get(name) switch
    {
        { ValueKind: JsonValueKind.String } value => Dates.TryParse(value.GetString(), out var d) ? d : null,
        { ValueKind: JsonValueKind.Number } value => value.TryGetDouble(out var n) && Dates.TryFromEpoch(n, out var d) ? d : null,
        _ => null,
    };

    /// <summary>A timestamp, or a <see cref="RecordFormatException"/> when the property holds something else.</summary>
    public static DateTimeOffset? StrictDate(this JsonElement element, string name, string path)
    {
        var value = element.Get(name);
        if (value is null)
        {
            return null;
        }

        return element.Date(name) ?? throw new RecordFormatException(value.Value.ValueKind == JsonValueKind.String
            ? $"{path}: \"{value.Value.GetString()}\" is not a date"
            : $"{path}: expected a date, got {Describe(value.Value)}");
    }

    /// <summary>The error for a value of the wrong JSON type.</summary>
    public static RecordFormatException WrongType(string path, string expected, JsonElement actual) =>
        new($"{path}: expected {expected}, got {Describe(actual)}");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => value.ValueKind.ToString(),
    };
}
