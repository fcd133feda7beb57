using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace CloudSniper.Aws.Iam;

/// <summary>Turns an awsQuery XML result into the JSON the AWS CLI prints for it: lists of <c>member</c> become arrays.</summary>
internal static class AwsQueryJson
{
    // Members the IAM model types as booleans; every other leaf stays text, as names and ids must.
    private static readonly HashSet<string> Booleans = new(StringComparer.Ordinal) { "IsDefaultVersion", "IsTruncated", "IsAttachable" };

    /// <summary>The JSON of <paramref name="element"/>'s children.</summary>
    public static JsonNode? Convert(XElement element)
    {
        var children = element.Elements().ToList();
        if (children.Count == 0)
        {
            return Booleans.Contains(element.Name.LocalName) && bool.TryParse(element.Value, out var b) ? JsonValue.Create(b) : JsonValue.Create(element.Value);
        }

        if (children.All(c => c.Name.LocalName == "member"))
        {
            return new JsonArray([.. children.Select(Convert)]);
        }

        var obj = new JsonObject();
        foreach (var child in children)
        {
            obj[child.Name.LocalName] = Convert(child);
        }

        return obj;
    }
}
