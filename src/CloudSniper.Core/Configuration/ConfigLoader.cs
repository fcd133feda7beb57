using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CloudSniper.Core.Net;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CloudSniper.Core.Configuration;

/// <summary>
/// Loads the YAML configuration, applies <c>SNIPER_*</c> environment overrides, and validates it: unknown keys,
/// wrong types and bad values are all reported with the file, line and column (or the variable) they came from.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Variables that configure the tool itself rather than a key of the file.</summary>
    private static readonly HashSet<string> ReservedVariables = new(StringComparer.OrdinalIgnoreCase) { "SNIPER_CONFIG", "SNIPER_HOME", "SNIPER_API_KEY" };

    /// <summary>Marks the position of a key (rather than its value) in the position map.</summary>
    private const string KeySuffix = "!key";

    private static readonly JsonSerializerOptions BindOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>
    /// Loads <paramref name="yaml"/> (null: no file) named <paramref name="source"/>, then the overrides in
    /// <paramref name="environment"/> (name → value).
    /// </summary>
    public static ConfigLoadResult Load(string? yaml, string source, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var errors = new List<ConfigError>();
        var marks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        JsonObject root = [];
        if (!string.IsNullOrWhiteSpace(yaml))
        {
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(yaml));
                if (stream.Documents.Count > 0)
                {
                    if (ToJson(stream.Documents[0].RootNode, "$", source, marks) is JsonObject obj)
                    {
                        root = obj;
                    }
                    else
                    {
                        errors.Add(new ConfigError("$", $"{source}:1:1", "the configuration must be a mapping of keys to values"));
                    }
                }
            }
            catch (YamlException ex)
            {
                errors.Add(new ConfigError("$", $"{source}:{ex.Start.Line}:{ex.Start.Column}", $"invalid YAML: {ex.InnerException?.Message ?? ex.Message}"));
                return new ConfigLoadResult(new SniperConfig(), errors);
            }
        }

        ApplyEnvironment(root, environment, marks, errors);
        // Unknown keys are reported and dropped, so that the values that are known are still checked.
        CheckKeys(root, typeof(SniperConfig), "$", marks, errors);

        SniperConfig config;
        try
        {
            config = root.Deserialize<SniperConfig>(BindOptions) ?? new SniperConfig();
        }
        catch (JsonException ex)
        {
            var path = ex.Path ?? "$";
            errors.Add(new ConfigError(path, Where(path, marks, source), $"wrong type: {FirstSentence(ex.Message)}"));
            return new ConfigLoadResult(new SniperConfig(), errors);
        }

        if (errors.Count > 0)
        {
            Validate(config, marks, source, errors);
            return new ConfigLoadResult(new SniperConfig(), errors);
        }

        Validate(config, marks, source, errors);
        return new ConfigLoadResult(config, errors);
    }

    /// <summary>The <c>SNIPER_*</c> variables of the process.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ProcessEnvironment()
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith("SNIPER_", StringComparison.OrdinalIgnoreCase) && entry.Value is string value)
            {
                yield return new(key, value);
            }
        }
    }

    private static JsonNode? ToJson(YamlNode node, string path, string source, Dictionary<string, string> marks)
    {
        marks[path] = $"{source}:{node.Start.Line}:{node.Start.Column}";
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (k, v) in map.Children)
                {
                    var key = ((YamlScalarNode)k).Value ?? "";
                    marks[path + "." + key + KeySuffix] = $"{source}:{k.Start.Line}:{k.Start.Column}";
                    obj[key] = ToJson(v, path + "." + key, source, marks);
                }

                return obj;
            case YamlSequenceNode seq:
                var arr = new JsonArray();
                var i = 0;
                foreach (var item in seq.Children)
                {
                    arr.Add(ToJson(item, $"{path}[{i++}]", source, marks));
                }

                return arr;
            case YamlScalarNode scalar:
                return Scalar(scalar.Value, scalar.Style == ScalarStyle.Plain);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(string? text, bool plain)
    {
        if (text is null)
        {
            return null;
        }

        if (plain)
        {
            switch (text)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return null;
                case "true" or "True" or "TRUE":
                    return JsonValue.Create(true);
                case "false" or "False" or "FALSE":
                    return JsonValue.Create(false);
            }

            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            {
                return JsonValue.Create(l);
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                return JsonValue.Create(d);
            }
        }

        return JsonValue.Create(text);
    }

    private static void ApplyEnvironment(JsonObject root, IEnumerable<KeyValuePair<string, string>> environment, Dictionary<string, string> marks, List<ConfigError> errors)
    {
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith("SNIPER_", StringComparison.OrdinalIgnoreCase) || ReservedVariables.Contains(name))
            {
                continue;
            }

            var parts = name["SNIPER_".Length..].Split("__");
            var type = typeof(SniperConfig);
            JsonObject node = root;
            var path = "$";
            PropertyInfo? property = null;
            for (var i = 0; i < parts.Length; i++)
            {
                // A map of named entries (feeds.NAME.secret): the part is the entry's name, not a property.
                if (DictionaryValueType(type) is { } entryType && i < parts.Length - 1)
                {
                    var entry = parts[i].ToLowerInvariant();
                    path += "." + entry;
                    if (node[entry] is not JsonObject entryNode)
                    {
                        entryNode = [];
                        node[entry] = entryNode;
                    }

                    node = entryNode;
                    type = entryType;
                    continue;
                }

                property = FindProperty(type, parts[i].Replace("_", "", StringComparison.Ordinal));
                if (property is null && parts.Length == 1 && !NearTopLevelKey(parts[0]))
                {
                    // A one-part name far from every key (SNIPER_WEBHOOK_SECRET, SNIPER_SLACK_WEBHOOK_URL) is a
                    // variable for playbooks, not an override; a near miss (SNIPER_MODEE) is still reported.
                    break;
                }

                if (property is null)
                {
                    errors.Add(new ConfigError(path + "." + parts[i].ToLowerInvariant(), name, "unknown configuration key"));
                    break;
                }

                var key = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                path += "." + key;
                if (i < parts.Length - 1)
                {
                    if (node[key] is not JsonObject child)
                    {
                        child = [];
                        node[key] = child;
                    }

                    node = child;
                    type = property.PropertyType;
                }
            }

            if (property is null)
            {
                continue;
            }

            var last = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            node[last] = IsList(property.PropertyType)
                ? new JsonArray(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())
                : Scalar(value, plain: true) is { } scalar && property.PropertyType == typeof(string) ? JsonValue.Create(value) : Scalar(value, plain: true);
            marks[path] = name;
        }
    }

    private static void CheckKeys(JsonObject obj, Type type, string path, Dictionary<string, string> marks, List<ConfigError> errors)
    {
        foreach (var (key, value) in obj.ToList())
        {
            var childPath = path + "." + key;
            var property = FindProperty(type, key);
            if (property is null)
            {
                var known = string.Join(", ", type.GetProperties().Where(p => p.CanWrite).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)));
                var where = marks.TryGetValue(childPath + KeySuffix, out var keyMark) ? keyMark : Where(childPath, marks, "config");
                errors.Add(new ConfigError(childPath, where, $"unknown key (known here: {known})"));
                obj.Remove(key);
                continue;
            }

            if (value is JsonObject child && !IsList(property.PropertyType) && property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                CheckKeys(child, property.PropertyType, childPath, marks, errors);
            }
        }
    }

    private static void Validate(SniperConfig config, Dictionary<string, string> marks, string source, List<ConfigError> errors)
    {
        void Fail(string path, string reason) => errors.Add(new ConfigError(path, Where(path, marks, source), reason));

        if (config.Mode is not ("observe" or "plan" or "enforce"))
        {
            Fail("$.mode", $"must be observe, plan or enforce; got '{config.Mode}'");
        }

        if (config.Store is { } store && !store.StartsWith("sqlite:", StringComparison.Ordinal) && !store.StartsWith("dynamodb:", StringComparison.Ordinal))
        {
            Fail("$.store", $"must be sqlite:PATH or dynamodb:TABLE; got '{store}'");
        }

        for (var i = 0; i < config.AllowList.Count; i++)
        {
            if (!IpNetwork.TryParse(config.AllowList[i], out _))
            {
                Fail($"$.allowList[{i}]", $"'{config.AllowList[i]}' is not an IP address or CIDR block");
            }
        }

        if (config.Ingest.BatchSize is < 1 or > 100_000)
        {
            Fail("$.ingest.batchSize", "must be between 1 and 100000");
        }

        if (config.Sqs.MaxReceives is < 1 or > 1000)
        {
            Fail("$.sqs.maxReceives", "must be between 1 and 1000");
        }

        if (config.Sqs.WaitTimeSeconds is < 0 or > 20)
        {
            Fail("$.sqs.waitTimeSeconds", "must be between 0 and 20 (the SQS long-poll limit)");
        }

        if (config.Sqs.VisibilityTimeoutSeconds is < 10 or > 43_200)
        {
            Fail("$.sqs.visibilityTimeoutSeconds", "must be between 10 and 43200 (12 hours, the SQS limit)");
        }

        foreach (var (key, reason) in config.Dns.Problems())
        {
            Fail("$.dns." + key, reason);
        }

        if (config.IocTtlDays < 0)
        {
            Fail("$.iocTtlDays", "must be 0 (never expire) or more");
        }

        foreach (var (key, reason) in config.Jobs.Problems())
        {
            Fail("$.jobs." + key, reason);
        }
    }

    private static bool NearTopLevelKey(string part)
    {
        var name = part.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
        return typeof(SniperConfig).GetProperties().Any(p => EditDistance(p.Name.ToUpperInvariant(), name) <= 2);
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private static PropertyInfo? FindProperty(Type type, string name) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.CanWrite && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) && type.GetGenericArguments()[0] == typeof(string)
            ? type.GetGenericArguments()[1]
            : null;

    private static bool IsList(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static string Where(string path, Dictionary<string, string> marks, string source)
    {
        for (var p = path; p.Length > 0;)
        {
            if (marks.TryGetValue(p, out var mark))
            {
                return mark;
            }

            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            p = cut <= 0 ? "" : p[..cut];
        }

        return source;
    }

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..(dot + 1)] : message;
    }
}
