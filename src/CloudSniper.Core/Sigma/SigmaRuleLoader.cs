using System.Text.RegularExpressions;
using CloudSniper.Core.CloudTrail;
using CloudSniper.Core.Sigma.Internal;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CloudSniper.Core.Sigma;

/// <summary>
/// Loads Sigma rules for CloudTrail (as in SigmaHQ's <c>rules/cloud/aws/cloudtrail</c>): dotted field paths,
/// case-insensitive values with <c>*</c>/<c>?</c> wildcards, value lists, <c>null</c>, the modifiers contains,
/// startswith, endswith, re (with i, m, s), all, cidr, exists, cased, fieldref, gt, gte, lt and lte, keyword lists,
/// and conditions with and, or, not, parentheses, <c>1 of</c>/<c>all of</c> and <c>them</c>. A rule using anything
/// else is returned as skipped with the reason; loading never stops on one bad rule.
/// </summary>
public static class SigmaRuleLoader
{
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "contains", "startswith", "endswith", "all", "re", "i", "m", "s", "cidr", "exists", "cased", "fieldref", "gt", "gte", "lt", "lte",
    };

    /// <summary>Loads every <c>*.yml</c>/<c>*.yaml</c> under <paramref name="directory"/> (recursively), registering rule fields in <paramref name="fields"/>.</summary>
    public static SigmaRuleSet LoadDirectory(string directory, CloudTrailFieldSet fields)
    {
        ArgumentNullException.ThrowIfNull(directory);
        IEnumerable<string> files = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
            : File.Exists(directory) ? new[] { directory } : throw new DirectoryNotFoundException($"rules directory not found: {directory}");
        var rules = new List<SigmaRule>();
        var skipped = new List<SigmaSkippedRule>();
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException ex)
            {
                skipped.Add(new SigmaSkippedRule(file, null, "cannot read: " + ex.Message));
                continue;
            }

            var (rule, skip) = Load(text, file, fields);
            if (rule is not null)
            {
                rules.Add(rule);
            }
            else
            {
                skipped.Add(skip!);
            }
        }

        return new SigmaRuleSet(rules, skipped);
    }

    /// <summary>Compiles one rule from its YAML text: the rule, or why it was skipped.</summary>
    public static (SigmaRule? Rule, SigmaSkippedRule? Skipped) Load(string yaml, string path, CloudTrailFieldSet fields)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fields);
        string? title = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count != 1)
            {
                throw new SigmaUnsupportedException(stream.Documents.Count == 0 ? "empty file" : "multi-document rule collections are not supported");
            }

            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new SigmaUnsupportedException("not a Sigma rule (the document is not a mapping)");
            }

            title = Scalar(root, "title");
            if (root.Children.ContainsKey(new YamlScalarNode("correlation")))
            {
                throw new SigmaUnsupportedException("correlation rules are not supported");
            }

            if (root.Children.ContainsKey(new YamlScalarNode("filter")))
            {
                throw new SigmaUnsupportedException("Sigma filters (meta rules) are not supported");
            }

            CheckLogSource(root);
            if (!root.Children.TryGetValue(new YamlScalarNode("detection"), out var detectionNode) || detectionNode is not YamlMappingNode detection)
            {
                throw new SigmaUnsupportedException("no detection section");
            }

            var searches = new Dictionary<string, SearchIdentifier>(StringComparer.Ordinal);
            YamlNode? conditionNode = null;
            foreach (var (keyNode, value) in detection.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? "";
                if (key == "condition")
                {
                    conditionNode = value;
                    continue;
                }

                if (key == "timeframe")
                {
                    throw new SigmaUnsupportedException("'timeframe' (aggregation over time) is not supported");
                }

                searches[key] = CompileSearch(key, value, fields);
            }

            var condition = conditionNode switch
            {
                YamlScalarNode s when !string.IsNullOrWhiteSpace(s.Value) => ConditionParser.Parse(s.Value!, searches),
                YamlSequenceNode seq when seq.Children.Count > 0 => new OrNode(seq.Children.Select(c => ConditionParser.Parse(((YamlScalarNode)c).Value ?? "", searches)).ToList()),
                _ => throw new SigmaUnsupportedException("no condition"),
            };

            var id = Scalar(root, "id") ?? System.IO.Path.GetFileNameWithoutExtension(path);
            var tags = root.Children.TryGetValue(new YamlScalarNode("tags"), out var tagNode) && tagNode is YamlSequenceNode tagList
                ? tagList.Children.OfType<YamlScalarNode>().Select(t => t.Value ?? "").ToList()
                : [];
            var rule = new SigmaRule(id, title ?? id, (Scalar(root, "level") ?? "medium").ToLowerInvariant(), Scalar(root, "status"), Scalar(root, "description"), tags, path, condition);
            return (rule, null);
        }
        catch (SigmaUnsupportedException ex)
        {
            return (null, new SigmaSkippedRule(path, title, ex.Message));
        }
        catch (YamlException ex)
        {
            return (null, new SigmaSkippedRule(path, title, "invalid YAML: " + ex.Message));
        }
        catch (InvalidCastException)
        {
            return (null, new SigmaSkippedRule(path, title, "unexpected YAML structure in detection"));
        }
    }

    private static void CheckLogSource(YamlMappingNode root)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("logsource"), out var node) || node is not YamlMappingNode logsource)
        {
            return;
        }

        var product = Scalar(logsource, "product");
        var service = Scalar(logsource, "service");
        if (product is not null && !product.Equals("aws", StringComparison.OrdinalIgnoreCase))
        {
            throw new SigmaUnsupportedException($"logsource product '{product}' is not aws");
        }

        if (service is not null && !service.Equals("cloudtrail", StringComparison.OrdinalIgnoreCase))
        {
            throw new SigmaUnsupportedException($"logsource service '{service}' is not cloudtrail");
        }
    }

    private static SearchIdentifier CompileSearch(string name, YamlNode node, CloudTrailFieldSet fields)
    {
        switch (node)
        {
            case YamlMappingNode map:
                return new SearchIdentifier(name, [CompileMap(map, fields)], null);
            case YamlSequenceNode seq when seq.Children.All(c => c is YamlMappingNode):
                return new SearchIdentifier(name, seq.Children.Select(c => CompileMap((YamlMappingNode)c, fields)).ToList(), null);
            case YamlSequenceNode seq when seq.Children.All(c => c is YamlScalarNode):
                var keywords = seq.Children.Cast<YamlScalarNode>().Select(s => Glob.Compile("\u0001" + Glob.Decode(s.Value ?? "") + "\u0001", caseSensitive: false)).ToList();
                return new SearchIdentifier(name, [], keywords);
            case YamlScalarNode scalar when !IsNull(scalar):
                return new SearchIdentifier(name, [], [Glob.Compile("\u0001" + Glob.Decode(scalar.Value ?? "") + "\u0001", caseSensitive: false)]);
            default:
                throw new SigmaUnsupportedException($"search '{name}' is neither a map, a list of maps nor a keyword list");
        }
    }

    private static List<FieldCondition> CompileMap(YamlMappingNode map, CloudTrailFieldSet fields)
    {
        var conditions = new List<FieldCondition>();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var parts = key.Split('|');
            var fieldName = parts[0].Trim();
            var modifiers = parts.Skip(1).Select(m => m.Trim().ToLowerInvariant()).ToList();
            if (fieldName.Length == 0)
            {
                throw new SigmaUnsupportedException($"keyword searches with modifiers ('{key}') are not supported");
            }

            foreach (var m in modifiers)
            {
                if (!Supported.Contains(m))
                {
                    throw new SigmaUnsupportedException($"modifier '{m}' (in '{key}') is not supported");
                }
            }

            var values = valueNode switch
            {
                YamlScalarNode s => [IsNull(s) ? null : s.Value ?? ""],
                YamlSequenceNode seq => seq.Children.Select(c => c is YamlScalarNode s ? (IsNull(s) ? null : s.Value ?? "") : throw new SigmaUnsupportedException($"'{key}' has a nested value that is not a scalar")).ToList(),
                _ => throw new SigmaUnsupportedException($"'{key}' has a value that is neither a scalar nor a list"),
            };

            var field = fields.Register(fieldName);
            var has = (string m) => modifiers.Contains(m);
            if ((has("i") || has("m") || has("s")) && !has("re"))
            {
                throw new SigmaUnsupportedException($"regular-expression flags without 're' in '{key}'");
            }

            if (has("exists"))
            {
                var flag = values.Count == 1 && bool.TryParse(values[0], out var b) ? b : throw new SigmaUnsupportedException($"'{key}' needs true or false");
                conditions.Add(new FieldCondition(field, fieldName, [], all: false, exists: flag));
                continue;
            }

            var cased = has("cased");
            var patterns = new List<ValuePattern>();
            foreach (var value in values)
            {
                if (value is null)
                {
                    patterns.Add(ValuePattern.Null());
                }
                else if (has("re"))
                {
                    var options = RegexOptions.None;
                    options |= has("i") ? RegexOptions.IgnoreCase : 0;
                    options |= has("m") ? RegexOptions.Multiline : 0;
                    options |= has("s") ? RegexOptions.Singleline : 0;
                    patterns.Add(ValuePattern.ForRegex(value, options));
                }
                else if (has("cidr"))
                {
                    patterns.Add(ValuePattern.ForCidr(value));
                }
                else if (modifiers.FirstOrDefault(m => m is "gt" or "gte" or "lt" or "lte") is { } op)
                {
                    patterns.Add(ValuePattern.ForNumber(op, value));
                }
                else if (has("fieldref"))
                {
                    var mode = has("contains") ? "contains" : has("startswith") ? "startswith" : has("endswith") ? "endswith" : "equals";
                    patterns.Add(ValuePattern.ForFieldRef(fields.Register(value), mode, cased));
                }
                else
                {
                    var decoded = Glob.Decode(value);
                    if (has("contains"))
                    {
                        decoded = "\u0001" + decoded + "\u0001";
                    }
                    else if (has("startswith"))
                    {
                        decoded += "\u0001";
                    }
                    else if (has("endswith"))
                    {
                        decoded = "\u0001" + decoded;
                    }

                    patterns.Add(ValuePattern.ForGlob(Glob.Compile(decoded, cased)));
                }
            }

            conditions.Add(new FieldCondition(field, fieldName, patterns, has("all"), exists: null));
        }

        return conditions;
    }

    private static bool IsNull(YamlScalarNode s) =>
        s.Style == ScalarStyle.Plain && (s.Value is null || s.Value.Length == 0 || s.Value is "null" or "Null" or "NULL" or "~");

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode s && !IsNull(s) ? s.Value : null;
}
