using System.Text.Json;

namespace CloudSniper.Core.Iam;

/// <summary>Reads IAM policy documents as they appear in authorisation details: JSON objects (AWS CLI) or URL-encoded JSON text (the API).</summary>
internal static class PolicyDocuments
{
    /// <summary>The document's statements (a lone statement object counts as one); empty when there is no readable document.</summary>
    public static IEnumerable<JsonElement> Statements(JsonElement document)
    {
        if (document.ValueKind == JsonValueKind.String)
        {
            // The IAM API returns policy documents URL-encoded (RFC 3986), "as a string"; the AWS CLI decodes them.
            var text = Uri.UnescapeDataString(document.GetString() ?? "");
            try
            {
                using var parsed = JsonDocument.Parse(text);
                return Statements(parsed.RootElement.Clone()).ToList();
            }
            catch (JsonException)
            {
                return [];
            }
        }

        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("Statement", out var statement))
        {
            return [];
        }

        return statement.ValueKind switch
        {
            JsonValueKind.Array => statement.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).ToList(),
            JsonValueKind.Object => [statement],
            _ => [],
        };
    }

    /// <summary>True for a statement with <c>"Effect":"Allow"</c>.</summary>
    public static bool Allows(JsonElement statement) =>
        statement.TryGetProperty("Effect", out var e) && e.ValueKind == JsonValueKind.String && e.GetString() == "Allow";

    /// <summary>The values of a string-or-array element (<c>Action</c>, <c>Resource</c>, a principal list).</summary>
    public static IEnumerable<string> Values(JsonElement statement, string name) =>
        statement.TryGetProperty(name, out var v) ? Values(v) : [];

    /// <summary>The strings of a string-or-array element.</summary>
    public static IEnumerable<string> Values(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString() ?? ""],
        JsonValueKind.Array => value.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString() ?? "").ToList(),
        _ => [],
    };

    /// <summary>True for an Allow statement granting every action on every resource (no NotAction, no NotResource).</summary>
    public static bool IsFullAdmin(JsonElement statement) =>
        Allows(statement) && Values(statement, "Action").Contains("*") && Values(statement, "Resource").Contains("*");

    /// <summary>The condition keys of a statement, lower-cased, over every operator.</summary>
    public static IReadOnlySet<string> ConditionKeys(JsonElement statement)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (statement.TryGetProperty("Condition", out var condition) && condition.ValueKind == JsonValueKind.Object)
        {
            foreach (var op in condition.EnumerateObject())
            {
                if (op.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var key in op.Value.EnumerateObject())
                    {
                        keys.Add(key.Name.ToLowerInvariant());
                    }
                }
            }
        }

        return keys;
    }
}
