using System.Text.Json;

namespace CloudSniper.Core.CloudTrail;

/// <summary>One scalar value found at a field path of a record: its JSON kind and its text (numbers raw, booleans lower case, null as null).</summary>
public readonly record struct FieldValue(JsonValueKind Kind, string? Text)
{
    /// <summary>True for a JSON null.</summary>
    public bool IsNull => Kind == JsonValueKind.Null;
}
