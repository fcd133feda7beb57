using System.Text.Json;
using System.Text.Json.Serialization;
using CloudSniper.Core.Findings;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>
/// The one JSON form of a <see cref="Finding"/> that every store writes: source-generated, enums as names,
/// nulls omitted, computed properties (bands, keys) left out, so a stored finding reads back exactly.
/// </summary>
[JsonSourceGenerationOptions(
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Finding))]
public sealed partial class FindingJson : JsonSerializerContext
{
    /// <summary>Serialises a finding to UTF-8 JSON.</summary>
    public static byte[] ToUtf8Bytes(Finding finding) => JsonSerializer.SerializeToUtf8Bytes(finding, Default.Finding);

    /// <summary>Serialises a finding into <paramref name="writer"/>, for callers that reuse one buffer across findings.</summary>
    public static void Write(Utf8JsonWriter writer, Finding finding) => JsonSerializer.Serialize(writer, finding, Default.Finding);

    /// <summary>Serialises a finding to JSON text.</summary>
    public static string ToJson(Finding finding) => JsonSerializer.Serialize(finding, Default.Finding);

    /// <summary>Reads a finding written by <see cref="ToJson"/> or <see cref="ToUtf8Bytes"/>.</summary>
    public static Finding FromJson(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, Default.Finding) ?? throw new JsonException("a stored finding is JSON null");

    /// <summary>Reads a finding written by <see cref="ToJson"/> or <see cref="ToUtf8Bytes"/>.</summary>
    public static Finding FromJson(string json) =>
        JsonSerializer.Deserialize(json, Default.Finding) ?? throw new JsonException("a stored finding is JSON null");
}
