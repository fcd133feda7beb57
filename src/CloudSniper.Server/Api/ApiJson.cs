using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudSniper.Server.Api;

/// <summary>
/// The JSON form of API answers: camelCase, enums as camelCase names, nulls omitted. The default encoder escapes
/// <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and quotes, so attacker-controlled text never reaches a page as markup.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the API's settings to <paramref name="options"/>.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
