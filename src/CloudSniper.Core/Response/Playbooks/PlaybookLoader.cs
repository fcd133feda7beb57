using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using CloudSniper.Core.Findings;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CloudSniper.Core.Response.Playbooks;

/// <summary>
/// Reads playbook YAML and validates it against the registered actions (the same rules the generated JSON schema
/// states), reporting every error with its line and column.
/// </summary>
public sealed partial class PlaybookLoader(ActionRegistry registry)
{
    private static readonly string[] RootKeys = ["name", "description", "rules"];
    private static readonly string[] RuleKeys = ["name", "description", "when", "do", "stop"];

    /// <summary>The keys a rule's <c>when</c> accepts.</summary>
    public static IReadOnlyList<string> ConditionKeys { get; } = ["type", "severity", "resource", "source", "account", "region", "tags"];

    /// <summary>The key inside an action's parameters that overrides its NIST phase.</summary>
    public const string PhaseKey = "phase";

    /// <summary>Loads a playbook file.</summary>
    public PlaybookLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PlaybookLoadResult(null, [new PlaybookError(path, 0, 0, ex.Message)]);
        }

        return Load(text, path);
    }

    /// <summary>Loads playbook text; <paramref name="source"/> names it in errors.</summary>
    public PlaybookLoadResult Load(string yaml, string source)
    {
        var errors = new List<PlaybookError>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            return new PlaybookLoadResult(null, [new PlaybookError(source, (int)ex.Start.Line, (int)ex.Start.Column, Clean(ex.Message))]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var at = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
            return new PlaybookLoadResult(null, [Error(source, at, "a playbook is a mapping with 'name' and 'rules'")]);
        }

        var ctx = new Ctx(source, errors);
        CheckKeys(ctx, root, RootKeys, "playbook");
        var name = RequiredString(ctx, root, "name", "playbook");
        var description = OptionalString(ctx, root, "description");
        var rules = ImmutableArray.CreateBuilder<PlaybookRule>();
        if (Child(root, "rules") is not { } rulesNode)
        {
            errors.Add(Error(source, root, "the playbook has no 'rules' list"));
        }
        else if (rulesNode is not YamlSequenceNode ruleSeq)
        {
            errors.Add(Error(source, rulesNode, "'rules' must be a list"));
        }
        else
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in ruleSeq)
            {
                if (ReadRule(ctx, item) is { } rule)
                {
                    if (!names.Add(rule.Name))
                    {
                        errors.Add(Error(source, item, $"rule name '{rule.Name}' is used twice"));
                    }

                    rules.Add(rule);
                }
            }
        }

        if (errors.Count > 0)
        {
            return new PlaybookLoadResult(null, errors);
        }

        return new PlaybookLoadResult(new Playbook(name!, rules.ToImmutable()) { Description = description, Source = source }, errors);
    }

    private PlaybookRule? ReadRule(Ctx ctx, YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            ctx.Errors.Add(Error(ctx.Source, node, "a rule is a mapping with 'name', 'when' and 'do'"));
            return null;
        }

        var before = ctx.Errors.Count;
        CheckKeys(ctx, map, RuleKeys, "rule");
        var name = RequiredString(ctx, map, "name", "rule");
        var description = OptionalString(ctx, map, "description");
        var stop = false;
        if (Child(map, "stop") is { } stopNode)
        {
            if (stopNode is YamlScalarNode { Value: "true" or "false" } s)
            {
                stop = s.Value == "true";
            }
            else
            {
                ctx.Errors.Add(Error(ctx.Source, stopNode, "'stop' must be true or false"));
            }
        }

        var when = Child(map, "when") is { } whenNode ? ReadCondition(ctx, whenNode) : new RuleCondition();
        var actions = ImmutableArray.CreateBuilder<ActionInvocation>();
        if (Child(map, "do") is not { } doNode)
        {
            ctx.Errors.Add(Error(ctx.Source, map, $"rule '{name}' has no 'do' list"));
        }
        else if (doNode is not YamlSequenceNode { Children.Count: > 0 } doSeq)
        {
            ctx.Errors.Add(Error(ctx.Source, doNode, "'do' must be a non-empty list of actions"));
        }
        else
        {
            foreach (var item in doSeq)
            {
                if (ReadAction(ctx, item) is { } invocation)
                {
                    actions.Add(invocation);
                }
            }
        }

        if (ctx.Errors.Count > before || name is null)
        {
            return null;
        }

        return new PlaybookRule(name, when ?? new RuleCondition(), actions.ToImmutable())
        {
            Stop = stop,
            Description = description,
            Line = (int)map.Start.Line,
        };
    }

    private static RuleCondition? ReadCondition(Ctx ctx, YamlNode node)
    {
        if (node is YamlScalarNode { Value: "" or "~" or "null" })
        {
            return new RuleCondition();
        }

        if (node is not YamlMappingNode map)
        {
            ctx.Errors.Add(Error(ctx.Source, node, "'when' must be a mapping of " + string.Join(", ", ConditionKeys)));
            return null;
        }

        CheckKeys(ctx, map, [.. ConditionKeys], "'when'");
        var condition = new RuleCondition();
        if (Child(map, "type") is { } typeNode)
        {
            var types = ImmutableArray.CreateBuilder<TypePattern>();
            foreach (var (text, at) in Strings(ctx, typeNode, "type"))
            {
                if (text.Length == 0)
                {
                    ctx.Errors.Add(Error(ctx.Source, at, "an empty finding-type pattern"));
                }
                else
                {
                    types.Add(new TypePattern(text));
                }
            }

            condition = condition with { Types = types.ToImmutable() };
        }

        if (Child(map, "severity") is { } sevNode)
        {
            if (sevNode is YamlScalarNode sev && TryParseSeverity(sev.Value, out var min))
            {
                condition = condition with { MinSeverity = min };
            }
            else
            {
                ctx.Errors.Add(Error(ctx.Source, sevNode, "'severity' is the minimum severity: a number from 0 to 10, or low, medium, high, critical"));
            }
        }

        if (Child(map, "resource") is { } resNode)
        {
            condition = condition with { ResourceTypes = [.. Strings(ctx, resNode, "resource").Select(s => s.Text)] };
        }

        if (Child(map, "source") is { } srcNode)
        {
            var sources = ImmutableArray.CreateBuilder<FindingSource>();
            foreach (var (text, at) in Strings(ctx, srcNode, "source"))
            {
                if (Enum.TryParse<FindingSource>(text, true, out var s) && Enum.IsDefined(s))
                {
                    sources.Add(s);
                }
                else
                {
                    ctx.Errors.Add(Error(ctx.Source, at, $"unknown source '{text}' (one of {string.Join(", ", SourceNames)})"));
                }
            }

            condition = condition with { Sources = sources.ToImmutable() };
        }

        if (Child(map, "account") is { } accNode)
        {
            var accounts = Strings(ctx, accNode, "account").ToList();
            foreach (var (text, at) in accounts.Where(a => !AccountRegex().IsMatch(a.Text)))
            {
                ctx.Errors.Add(Error(ctx.Source, at, $"'{text}' is not a 12-digit account id"));
            }

            condition = condition with { Accounts = [.. accounts.Select(a => a.Text)] };
        }

        if (Child(map, "region") is { } regNode)
        {
            var regions = Strings(ctx, regNode, "region").ToList();
            foreach (var (text, at) in regions.Where(r => !RegionRegex().IsMatch(r.Text)))
            {
                ctx.Errors.Add(Error(ctx.Source, at, $"'{text}' is not a region name such as eu-west-1"));
            }

            condition = condition with { Regions = [.. regions.Select(r => r.Text)] };
        }

        if (Child(map, "tags") is { } tagNode)
        {
            if (tagNode is YamlMappingNode tags)
            {
                var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in tags)
                {
                    if (k is YamlScalarNode key && v is YamlScalarNode value)
                    {
                        builder[key.Value ?? ""] = value.Value ?? "";
                    }
                    else
                    {
                        ctx.Errors.Add(Error(ctx.Source, k, "'tags' maps tag keys to values (or * for any value)"));
                    }
                }

                condition = condition with { Tags = builder.ToImmutable() };
            }
            else
            {
                ctx.Errors.Add(Error(ctx.Source, tagNode, "'tags' must be a mapping of tag keys to values"));
            }
        }

        return condition;
    }

    private ActionInvocation? ReadAction(Ctx ctx, YamlNode node)
    {
        string key;
        YamlNode? paramsNode = null;
        YamlNode keyNode = node;
        switch (node)
        {
            case YamlScalarNode scalar:
                key = scalar.Value ?? "";
                break;
            case YamlMappingNode { Children.Count: 1 } single:
                var entry = single.Children.First();
                keyNode = entry.Key;
                key = (entry.Key as YamlScalarNode)?.Value ?? "";
                paramsNode = entry.Value;
                break;
            default:
                ctx.Errors.Add(Error(ctx.Source, node, "an action is a key ('tag') or a one-entry mapping ('waf-block: { direction: inbound }')"));
                return null;
        }

        var action = registry.Find(key);
        if (action is null)
        {
            ctx.Errors.Add(Error(ctx.Source, keyNode, $"unknown action '{key}' (known: {string.Join(", ", registry.All.Select(a => a.Key))})"));
            return null;
        }

        var phase = action.Phase;
        var values = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var before = ctx.Errors.Count;

        // Parameters already reported as wrong are not reported again as missing.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        if (paramsNode is YamlMappingNode parameters)
        {
            foreach (var (k, v) in parameters)
            {
                var name = (k as YamlScalarNode)?.Value ?? "";
                if (name == PhaseKey)
                {
                    if (v is YamlScalarNode p && NistPhases.TryParse(p.Value, out var parsed))
                    {
                        phase = parsed;
                    }
                    else
                    {
                        ctx.Errors.Add(Error(ctx.Source, v, $"'phase' must be one of {string.Join(", ", NistPhases.Names)}"));
                    }

                    continue;
                }

                var declared = action.Parameters.FirstOrDefault(p => p.Name == name);
                if (declared is null && action.Parameters.FirstOrDefault(p => p.Secret && p.Name == name + "-env") is { } byName)
                {
                    // A secret written into a playbook would be stored in every plan and shown by every printer.
                    ctx.Errors.Add(Error(ctx.Source, k, $"action '{key}': '{name}' must not hold the secret itself; put it in an environment variable and name that variable instead, e.g. '{byName.Name}: SNIPER_WEBHOOK_SECRET'"));
                    reported.Add(byName.Name);
                    continue;
                }

                if (declared is null)
                {
                    var known = action.Parameters.Count == 0 ? "it takes none besides 'phase'" : "known: " + string.Join(", ", action.Parameters.Select(p => p.Name)) + ", phase";
                    ctx.Errors.Add(Error(ctx.Source, k, $"action '{key}' has no parameter '{name}' ({known})"));
                    continue;
                }

                if (ReadValue(ctx, declared, v) is { } value && CheckSecrets(ctx, key, declared, v, value))
                {
                    values[name] = value;
                }
                else
                {
                    reported.Add(name);
                }
            }
        }
        else if (paramsNode is not null && !(paramsNode is YamlScalarNode { Value: "" or "~" or "null" }))
        {
            ctx.Errors.Add(Error(ctx.Source, paramsNode, $"the parameters of '{key}' must be a mapping"));
        }

        foreach (var required in action.Parameters.Where(p => p.Required && !values.ContainsKey(p.Name) && !reported.Contains(p.Name)))
        {
            ctx.Errors.Add(Error(ctx.Source, keyNode, $"action '{key}' needs parameter '{required.Name}'"));
        }

        return ctx.Errors.Count > before ? null : new ActionInvocation(key, phase, values.ToImmutable(), (int)keyNode.Start.Line);
    }

    private static bool CheckSecrets(Ctx ctx, string key, ActionParameter declared, YamlNode node, string value)
    {
        if (declared.Secret && !EnvironmentName().IsMatch(value))
        {
            ctx.Errors.Add(Error(ctx.Source, node, $"action '{key}': '{declared.Name}' names the environment variable that holds the secret (such as SNIPER_WEBHOOK_SECRET), not the secret itself"));
            return false;
        }

        if (declared.Secret && UrlVariablePolicy.IsNeverAllowed(value))
        {
            ctx.Errors.Add(Error(ctx.Source, node, $"action '{key}': '{declared.Name}' may not read an AWS_* variable; give the secret its own variable such as SNIPER_WEBHOOK_SECRET"));
            return false;
        }

        if (UrlVariablePolicy.References(value).FirstOrDefault(UrlVariablePolicy.IsNeverAllowed) is { } aws)
        {
            ctx.Errors.Add(Error(ctx.Source, node, $"action '{key}': '{declared.Name}' may not expand ${{{aws}}}; AWS_* variables are never put into a URL or parameter"));
            return false;
        }

        return true;
    }

    private static string? ReadValue(Ctx ctx, ActionParameter declared, YamlNode node)
    {
        if (declared.Type == ParameterType.List)
        {
            var items = Strings(ctx, node, declared.Name).ToList();
            foreach (var (text, at) in items)
            {
                if (!declared.AllowedValues.IsEmpty && !declared.AllowedValues.Contains(text, StringComparer.OrdinalIgnoreCase))
                {
                    ctx.Errors.Add(Error(ctx.Source, at, $"'{text}' is not allowed for '{declared.Name}' (one of {string.Join(", ", declared.AllowedValues)})"));
                }
                else if (text.Contains(',', StringComparison.Ordinal))
                {
                    ctx.Errors.Add(Error(ctx.Source, at, $"a '{declared.Name}' item may not contain a comma"));
                }
            }

            return string.Join(',', items.Select(i => i.Text));
        }

        if (node is not YamlScalarNode scalar)
        {
            ctx.Errors.Add(Error(ctx.Source, node, $"'{declared.Name}' must be a single {Describe(declared.Type)}"));
            return null;
        }

        var value = scalar.Value ?? "";
        var ok = declared.Type switch
        {
            ParameterType.Integer => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            ParameterType.Boolean => value is "true" or "false",
            ParameterType.Duration => Durations.TryParse(value, out _),
            ParameterType.Enum => declared.AllowedValues.Contains(value, StringComparer.OrdinalIgnoreCase),
            _ => true,
        };
        if (!ok)
        {
            var expected = declared.Type == ParameterType.Enum ? "one of " + string.Join(", ", declared.AllowedValues) : "a " + Describe(declared.Type);
            ctx.Errors.Add(Error(ctx.Source, node, $"'{declared.Name}' must be {expected}; got '{value}'"));
            return null;
        }

        return declared.Type == ParameterType.Enum ? value.ToLowerInvariant() : value;
    }

    private static string Describe(ParameterType type) => type switch
    {
        ParameterType.Integer => "whole number",
        ParameterType.Boolean => "true or false",
        ParameterType.Duration => "duration such as 30m, 24h or 7d",
        ParameterType.Enum => "value",
        _ => "string",
    };

    /// <summary>Parses a minimum severity: a number in 0–10 or a band name (low 1, medium 4, high 7, critical 9).</summary>
    public static bool TryParseSeverity(string? text, out double severity)
    {
        severity = text?.ToLowerInvariant() switch
        {
            "low" => 1,
            "medium" => 4,
            "high" => 7,
            "critical" => 9,
            _ => double.NaN,
        };
        if (!double.IsNaN(severity))
        {
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out severity) && severity is >= 0 and <= 10;
    }

    private static IEnumerable<string> SourceNames => Enum.GetNames<FindingSource>().Select(n => n.ToLowerInvariant());

    private static IEnumerable<(string Text, YamlNode At)> Strings(Ctx ctx, YamlNode node, string what)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                if (scalar.Value is { Length: > 0 } v)
                {
                    foreach (var part in v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        yield return (part, scalar);
                    }
                }

                break;
            case YamlSequenceNode seq:
                foreach (var item in seq)
                {
                    if (item is YamlScalarNode s)
                    {
                        yield return ((s.Value ?? "").Trim(), s);
                    }
                    else
                    {
                        ctx.Errors.Add(Error(ctx.Source, item, $"'{what}' items must be plain values"));
                    }
                }

                break;
            default:
                ctx.Errors.Add(Error(ctx.Source, node, $"'{what}' must be a value or a list of values"));
                break;
        }
    }

    private static void CheckKeys(Ctx ctx, YamlMappingNode map, string[] allowed, string what)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null || Array.IndexOf(allowed, name) < 0)
            {
                ctx.Errors.Add(Error(ctx.Source, key, $"unknown key '{name}' in {what} (allowed: {string.Join(", ", allowed)})"));
            }
        }
    }

    private static string? RequiredString(Ctx ctx, YamlMappingNode map, string key, string what)
    {
        if (Child(map, key) is YamlScalarNode { Value.Length: > 0 } s)
        {
            return s.Value;
        }

        ctx.Errors.Add(Error(ctx.Source, Child(map, key) ?? map, $"the {what} needs a '{key}'"));
        return null;
    }

    private static string? OptionalString(Ctx ctx, YamlMappingNode map, string key)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode s)
        {
            return s.Value;
        }

        ctx.Errors.Add(Error(ctx.Source, node, $"'{key}' must be text"));
        return null;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static PlaybookError Error(string source, YamlNode? node, string message) =>
        new(source, node is null ? 1 : (int)node.Start.Line, node is null ? 1 : (int)node.Start.Column, message);

    private static string Clean(string message)
    {
        // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the position is reported separately.
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        return i >= 0 && message.StartsWith('(') ? message[(i + 3)..] : message;
    }

    [GeneratedRegex("^[A-Z_][A-Z0-9_]*$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountRegex();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionRegex();

    private sealed record Ctx(string Source, List<PlaybookError> Errors);
}
