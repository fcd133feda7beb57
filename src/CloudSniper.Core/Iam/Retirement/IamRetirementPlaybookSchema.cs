using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudSniper.Core.Iam.Retirement;

/// <summary>The JSON schema (draft 2020-12) of retirement playbooks; the check ids come from <see cref="IamChecks"/>.</summary>
public static class IamRetirementPlaybookSchema
{
    /// <summary>The schema's <c>$id</c>.</summary>
    public const string Id = "https://cloudsniper.dev/schemas/iam-retirement-playbook.json";

    /// <summary>The schema as indented JSON text.</summary>
    public static string Generate() => Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The schema as a JSON tree.</summary>
    public static JsonObject Build()
    {
        var checks = new JsonObject();
        foreach (var check in IamChecks.All)
        {
            var allowed = IamRetirementPlaybook.Retirable.Contains(check.Id) ? new JsonArray("notify", "retire", "ignore") : new JsonArray("notify", "ignore");
            checks[check.Id] = new JsonObject
            {
                ["enum"] = allowed,
                ["description"] = $"{check.Title} (severity {check.Severity}{(check.Cis is null ? "" : ", CIS " + check.Cis)})",
            };
        }

        var strings = new JsonObject
        {
            ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 } }),
        };
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = Id,
            ["title"] = "Cloud Sniper IAM retirement playbook",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("name"),
            ["properties"] = new JsonObject
            {
                ["name"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
                ["description"] = new JsonObject { ["type"] = "string" },
                ["grace-period"] = new JsonObject
                {
                    ["type"] = "string", ["pattern"] = "^[0-9]+[smhd]$", ["default"] = "7d",
                    ["description"] = "Time from the first notification about a credential until it may be retired",
                },
                ["max-retirements-per-run"] = new JsonObject
                {
                    ["type"] = "integer", ["minimum"] = 0, ["default"] = 10,
                    ["description"] = "Blast-radius limit: credentials retired by one run; the rest wait for sniper approve",
                },
                ["owner-tag"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["default"] = "owner", ["description"] = "The user tag naming who is notified" },
                ["team-channel"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "Who is notified about users without the owner tag" },
                ["notify"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject
                    {
                        ["channel"] = new JsonObject { ["enum"] = new JsonArray("none", "slack", "sns"), ["default"] = "none" },
                        ["url"] = new JsonObject { ["type"] = "string", ["description"] = "Slack incoming-webhook URL; ${NAME} is read from an allowed environment variable when sending" },
                        ["topic-arn"] = new JsonObject { ["type"] = "string", ["description"] = "SNS topic ARN" },
                        ["subject"] = new JsonObject { ["type"] = "string", ["description"] = "SNS subject line" },
                    },
                },
                ["exempt"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject
                    {
                        ["users"] = Describe(strings.DeepClone(), "User names never notified about or retired"),
                        ["patterns"] = Describe(strings.DeepClone(), "User-name patterns (* any run, ? one character), for break-glass users"),
                        ["tags"] = new JsonObject
                        {
                            ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" },
                            ["description"] = "User tags that exempt a user (* for any value); sniper:exempt=true always does",
                        },
                    },
                },
                ["checks"] = new JsonObject
                {
                    ["type"] = "object", ["additionalProperties"] = false, ["properties"] = checks,
                    ["description"] = "Per check: notify (once), retire (notify, then after the grace period deactivate or remove) or ignore; unlisted checks are notified",
                },
            },
        };
    }

    private static JsonNode Describe(JsonNode node, string description)
    {
        node["description"] = description;
        return node;
    }
}
