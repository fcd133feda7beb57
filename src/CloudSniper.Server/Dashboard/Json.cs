using System.Text.Json;

namespace CloudSniper.Server.Dashboard;

/// <summary>Reading API answers without ceremony: a missing property reads as undefined, never as an exception.</summary>
internal static class Json
{
    public static JsonElement Get(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    public static string Str(this JsonElement element, string name) => Html.Show(element.Get(name));

    public static double Num(this JsonElement element, string name) =>
        element.Get(name) is { ValueKind: JsonValueKind.Number } n ? n.GetDouble() : 0;

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name = "items") =>
        element.Get(name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];
}
