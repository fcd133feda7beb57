using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudSniper.Core.Response.Playbooks;

/// <summary>Generates the JSON schema (draft 2020-12) of playbook files from the registered actions.</summary>
public static class PlaybookSchema
{
    /// <summary>The schema's <c>$id</c>.</summary>
    public const string Id = "https://cloudsniper.dev/schemas/playbook.json";

    /// <summary>The schema as indented JSON text.</summary>
    public static string Generate(ActionRegistry registry) =>
        Build(registry).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The schema as a JSON tree.</summary>
    public static JsonObject Build(ActionRegistry registry)
    {
        var stringOrList = new JsonObject
        {
            ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }),
        };
        var actionChoices = new JsonArray();
        foreach (var action in registry.All)
        {
            var props = new JsonObject
            {
                [PlaybookLoader.PhaseKey] = new JsonObject { ["enum"] = new JsonArray([.. NistPhases.Names.Select(n => (JsonNode)JsonValue.Create(n)!)]), ["description"] = "Overrides the action's NIST SP 800-61 phase" },
            };
            var required = new JsonArray();
            foreach (var p in action.Parameters)
            {
                props[p.Name] = ParameterSchema(p);
                if (p.Required)
                {
                    required.Add(p.Name);
                }
            }

            var parameters = new JsonObject { ["type"] = "object", ["properties"] = props, ["additionalProperties"] = false };
            if (required.Count > 0)
            {
                parameters["required"] = required;
            }

            var description = $"{action.Description}. Phase: {NistPhases.Name(action.Phase)}. IAM: {(action.Permissions.Count == 0 ? "none" : string.Join(", ", action.Permissions))}. Dry run: {action.DryRun}";
            var withParams = new JsonObject
            {
                ["type"] = "object",
                ["description"] = description,
                ["properties"] = new JsonObject { [action.Key] = parameters },
                ["required"] = new JsonArray(action.Key),
                ["additionalProperties"] = false,
            };
            actionChoices.Add(withParams);
            if (!action.Parameters.Any(p => p.Required))
            {
                actionChoices.Add(new JsonObject { ["const"] = action.Key, ["description"] = description });
            }
        }

        var when = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["type"] = Describe(stringOrList.DeepClone(), "Finding-type patterns; * matches any run of characters, ? one character"),
                ["severity"] = new JsonObject
                {
                    ["description"] = "Minimum severity: 0-10 or low, medium, high, critical",
                    ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 10 }, new JsonObject { ["enum"] = new JsonArray("low", "medium", "high", "critical") }),
                },
                ["resource"] = Describe(stringOrList.DeepClone(), "Resource types (Instance, AccessKey, S3Bucket, …)"),
                ["source"] = Describe(stringOrList.DeepClone(), "Finding sources: guardduty, securityhub, inspector, analytics, feed"),
                ["account"] = Describe(stringOrList.DeepClone(), "12-digit account ids"),
                ["region"] = Describe(stringOrList.DeepClone(), "Region names"),
                ["tags"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" }, ["description"] = "Tags the instance must carry (* for any value)" },
            },
        };
        var rule = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("name", "do"),
            ["properties"] = new JsonObject
            {
                ["name"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
                ["description"] = new JsonObject { ["type"] = "string" },
                ["when"] = when,
                ["do"] = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["oneOf"] = actionChoices } },
                ["stop"] = new JsonObject { ["type"] = "boolean", ["description"] = "Stop considering later rules for a finding this rule matched" },
            },
        };
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = Id,
            ["title"] = "Cloud Sniper playbook",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("name", "rules"),
            ["properties"] = new JsonObject
            {
                ["name"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
                ["description"] = new JsonObject { ["type"] = "string" },
                ["rules"] = new JsonObject { ["type"] = "array", ["items"] = rule },
            },
        };
    }

    private static JsonObject ParameterSchema(ActionParameter p)
    {
        JsonObject schema = p.Type switch
        {
            ParameterType.Integer => new JsonObject { ["type"] = "integer" },
            ParameterType.Boolean => new JsonObject { ["type"] = "boolean" },
            ParameterType.Duration => new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]+[smhd]$" },
            ParameterType.Enum => new JsonObject { ["enum"] = new JsonArray([.. p.AllowedValues.Select(v => (JsonNode)JsonValue.Create(v)!)]) },
            ParameterType.List => new JsonObject
            {
                ["oneOf"] = new JsonArray(
                    new JsonObject { ["type"] = "string" },
                    new JsonObject { ["type"] = "array", ["items"] = p.AllowedValues.IsEmpty ? new JsonObject { ["type"] = "string" } : new JsonObject { ["enum"] = new JsonArray([.. p.AllowedValues.Select(v => (JsonNode)JsonValue.Create(v)!)]) } }),
            },
            _ => new JsonObject { ["type"] = "string" },
        };
        schema["description"] = p.Description;
        if (p.Secret)
        {
            // Secret parameters hold the name of an environment variable, never the secret itself.
            schema["pattern"] = "^[A-Z_][A-Z0-9_]*$";
            schema["description"] = p.Description + ". Secret: give the variable's name (e.g. SNIPER_WEBHOOK_SECRET); printed as ***";
        }

        if (p.Default is not null)
        {
            schema["default"] = p.Default;
        }

        return schema;
    }

    private static JsonNode Describe(JsonNode node, string description)
    {
        node["description"] = description;
        return node;
    }
}
