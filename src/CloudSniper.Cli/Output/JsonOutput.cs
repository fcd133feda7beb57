using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudSniper.Cli.Output;

/// <summary>The JSON settings of everything the CLI prints: camelCase, enums as strings, nulls omitted.</summary>
public static class JsonOutput
{
    /// <summary>Indented, for <c>--format json</c>.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(true);

    /// <summary>One line a value, for <c>--format jsonl</c>.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
