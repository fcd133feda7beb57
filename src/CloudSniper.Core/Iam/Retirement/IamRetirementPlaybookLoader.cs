using System.Collections.Immutable;
using System.Globalization;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Playbooks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CloudSniper.Core.Iam.Retirement;

/// <summary>
/// Reads a retirement playbook (YAML) and validates it by the rules its JSON schema states
/// (<see cref="IamRetirementPlaybookSchema"/>), reporting every error with its line and column.
/// </summary>
/// <remarks>
/// Beyond the schema: only <c>key-unused</c> and <c>password-unused</c> may be retired (rotation, MFA, administrator and
/// trust findings need a person), and no root check may be, since the root user's credentials are never changed by the
/// product (IAM cannot deactivate root keys for another principal, and the product must not try).
/// </remarks>
public static class IamRetirementPlaybookLoader
{
    /// <summary>The top-level keys.</summary>
    public static IReadOnlyList<string> RootKeys { get; } =
        ["name", "description", "grace-period", "max-retirements-per-run", "owner-tag", "team-channel", "notify", "exempt", "checks"];

    /// <summary>The keys of <c>notify</c>.</summary>
    public static IReadOnlyList<string> NotifyKeys { get; } = ["channel", "url", "topic-arn", "subject"];

    /// <summary>The keys of <c>exempt</c>.</summary>
    public static IReadOnlyList<string> ExemptKeys { get; } = ["users", "patterns", "tags"];

    /// <summary>Loads a playbook file.</summary>
    public static IamRetirementPlaybookLoadResult LoadFile(string path)
    {
        try
        {
            return Load(File.ReadAllText(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new IamRetirementPlaybookLoadResult(null, [new PlaybookError(path, 0, 0, ex.Message)]);
        }
    }

    /// <summary>Loads playbook text; <paramref name="source"/> names it in errors.</summary>
    public static IamRetirementPlaybookLoadResult Load(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            return new IamRetirementPlaybookLoadResult(null, [new PlaybookError(source, (int)ex.Start.Line, (int)ex.Start.Column, ex.Message)]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return new IamRetirementPlaybookLoadResult(null, [new PlaybookError(source, 1, 1, "a retirement playbook is a mapping with 'name' and 'checks'")]);
        }

        var errors = new List<PlaybookError>();
        void Fail(YamlNode node, string message) => errors.Add(new PlaybookError(source, (int)node.Start.Line, (int)node.Start.Column, message));

        var playbook = new IamRetirementPlaybook { Source = source };
        var checks = ImmutableDictionary.CreateBuilder<string, RetirementDecision>(StringComparer.Ordinal);
        var hasName = false;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            switch (key)
            {
                case "name":
                    if (Scalar(value) is { Length: > 0 } name)
                    {
                        playbook = playbook with { Name = name };
                        hasName = true;
                    }
                    else
                    {
                        Fail(value, "'name' must be a non-empty string");
                    }

                    break;
                case "description":
                    playbook = playbook with { Description = Scalar(value) };
                    break;
                case "grace-period":
                    if (Durations.TryParse(Scalar(value), out var grace))
                    {
                        playbook = playbook with { GracePeriod = grace };
                    }
                    else
                    {
                        Fail(value, $"'grace-period' must be a duration such as 7d, 36h or 90m; got '{Scalar(value)}'");
                    }

                    break;
                case "max-retirements-per-run":
                    if (int.TryParse(Scalar(value), NumberStyles.None, CultureInfo.InvariantCulture, out var max))
                    {
                        playbook = playbook with { MaxRetirementsPerRun = max };
                    }
                    else
                    {
                        Fail(value, $"'max-retirements-per-run' must be a whole number, 0 or more; got '{Scalar(value)}'");
                    }

                    break;
                case "owner-tag":
                case "team-channel":
                    if (Scalar(value) is { Length: > 0 } text)
                    {
                        playbook = key == "owner-tag" ? playbook with { OwnerTag = text } : playbook with { TeamChannel = text };
                    }
                    else
                    {
                        Fail(value, $"'{key}' must be a non-empty string");
                    }

                    break;
                case "notify":
                    playbook = ReadNotify(value, playbook, Fail);
                    break;
                case "exempt":
                    playbook = ReadExempt(value, playbook, Fail);
                    break;
                case "checks":
                    ReadChecks(value, checks, Fail);
                    break;
                default:
                    Fail(keyNode, $"unknown key '{key}'; expected one of {string.Join(", ", RootKeys)}");
                    break;
            }
        }

        if (!hasName)
        {
            Fail(root, "a retirement playbook needs a 'name'");
        }

        return errors.Count > 0
            ? new IamRetirementPlaybookLoadResult(null, errors)
            : new IamRetirementPlaybookLoadResult(playbook with { Checks = checks.ToImmutable() }, []);
    }

    private static IamRetirementPlaybook ReadNotify(YamlNode value, IamRetirementPlaybook playbook, Action<YamlNode, string> fail)
    {
        if (value is not YamlMappingNode map)
        {
            fail(value, "'notify' must be a mapping with 'channel' (none, slack or sns) and its url or topic-arn");
            return playbook;
        }

        var parameters = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var channel = RetirementChannel.None;
        foreach (var (keyNode, item) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!NotifyKeys.Contains(key))
            {
                fail(keyNode, $"unknown key 'notify.{key}'; expected one of {string.Join(", ", NotifyKeys)}");
                continue;
            }

            var text = Scalar(item);
            if (key == "channel")
            {
                if (!Enum.TryParse(text, true, out channel) || !Enum.IsDefined(channel) || text is null || char.IsDigit(text[0]))
                {
                    fail(item, $"'notify.channel' must be none, slack or sns; got '{text}'");
                }
            }
            else if (text is { Length: > 0 })
            {
                parameters[key] = text;
            }
            else
            {
                fail(item, $"'notify.{key}' must be a non-empty string");
            }
        }

        var required = channel switch { RetirementChannel.Slack => "url", RetirementChannel.Sns => "topic-arn", _ => null };
        if (required is not null && !parameters.ContainsKey(required))
        {
            fail(value, $"'notify.channel: {channel.ToString().ToLowerInvariant()}' needs '{required}'");
        }

        return playbook with { Channel = channel, ChannelParameters = parameters.ToImmutable() };
    }

    private static IamRetirementPlaybook ReadExempt(YamlNode value, IamRetirementPlaybook playbook, Action<YamlNode, string> fail)
    {
        if (value is not YamlMappingNode map)
        {
            fail(value, "'exempt' must be a mapping with 'users', 'patterns' and 'tags'");
            return playbook;
        }

        foreach (var (keyNode, item) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            switch (key)
            {
                case "users":
                    playbook = playbook with { ExemptUsers = [.. List(item, "exempt.users", fail)] };
                    break;
                case "patterns":
                    playbook = playbook with { ExemptPatterns = [.. List(item, "exempt.patterns", fail)] };
                    break;
                case "tags":
                    if (item is YamlMappingNode tags)
                    {
                        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
                        foreach (var (tagKey, tagValue) in tags.Children)
                        {
                            builder[Scalar(tagKey) ?? ""] = Scalar(tagValue) ?? "";
                        }

                        // sniper:exempt=true exempts whatever the playbook lists.
                        builder[IamRetirementPlaybook.ExemptTag] = "true";
                        playbook = playbook with { ExemptTags = builder.ToImmutable() };
                    }
                    else
                    {
                        fail(item, "'exempt.tags' must be a mapping of tag key to value (* for any value)");
                    }

                    break;
                default:
                    fail(keyNode, $"unknown key 'exempt.{key}'; expected one of {string.Join(", ", ExemptKeys)}");
                    break;
            }
        }

        return playbook;
    }

    private static void ReadChecks(YamlNode value, ImmutableDictionary<string, RetirementDecision>.Builder checks, Action<YamlNode, string> fail)
    {
        if (value is not YamlMappingNode map)
        {
            fail(value, "'checks' must map check ids to notify, retire or ignore");
            return;
        }

        foreach (var (keyNode, item) in map.Children)
        {
            var check = Scalar(keyNode) ?? "";
            if (IamChecks.Find(check) is null)
            {
                fail(keyNode, $"unknown check '{check}'; expected one of {string.Join(", ", IamChecks.All.Select(c => c.Id))}");
                continue;
            }

            var text = Scalar(item);
            if (!Enum.TryParse<RetirementDecision>(text, true, out var decision) || !Enum.IsDefined(decision) || text is null || char.IsDigit(text[0]))
            {
                fail(item, $"check '{check}': expected notify, retire or ignore; got '{text}'");
                continue;
            }

            if (decision == RetirementDecision.Retire && !IamRetirementPlaybook.Retirable.Contains(check))
            {
                fail(item, check.StartsWith("root-", StringComparison.Ordinal)
                    ? $"check '{check}': root credentials are never retired automatically; use notify"
                    : $"check '{check}' cannot be retired (only key-unused and password-unused can); use notify");
                continue;
            }

            checks[check] = decision;
        }
    }

    private static List<string> List(YamlNode node, string key, Action<YamlNode, string> fail)
    {
        switch (node)
        {
            case YamlScalarNode s when s.Value is { Length: > 0 }:
                return [s.Value];
            case YamlSequenceNode seq:
                var list = new List<string>();
                foreach (var item in seq.Children)
                {
                    if (Scalar(item) is { Length: > 0 } text)
                    {
                        list.Add(text);
                    }
                    else
                    {
                        fail(item, $"'{key}' items must be non-empty strings");
                    }
                }

                return list;
            default:
                fail(node, $"'{key}' must be a string or a list of strings");
                return [];
        }
    }

    private static string? Scalar(YamlNode node) => node is YamlScalarNode s ? s.Value : null;
}
