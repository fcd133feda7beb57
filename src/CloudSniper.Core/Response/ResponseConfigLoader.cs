using System.Collections.Immutable;
using System.Globalization;
using CloudSniper.Core.Response.Playbooks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CloudSniper.Core.Response;

/// <summary>
/// Reads the <c>response:</c> section of the configuration YAML; every scalar key can be overridden by an environment
/// variable <c>SNIPER_RESPONSE_KEY</c> (upper-case, <c>-</c> and <c>.</c> as <c>_</c>, e.g.
/// <c>SNIPER_RESPONSE_WAF_IPV4_SET</c>); list keys take comma-separated values.
/// </summary>
public static class ResponseConfigLoader
{
    /// <summary>Every key understood, with its description (for <c>--help</c> and docs).</summary>
    public static IReadOnlyDictionary<string, string> Keys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["mode"] = "observe, plan (default) or enforce",
        ["min-severity"] = "findings below this severity (0-10 or low/medium/high/critical) are never acted on",
        ["block-ttl"] = "time to live of a first block (default 24h)",
        ["max-block-ttl"] = "longest time to live after repeat-offender doubling (default 30d)",
        ["max-blocks-per-hour"] = "blast-radius cap on new blocks per rolling hour (default 1000)",
        ["require-approval"] = "action keys that wait for sniper approve",
        ["allow-list"] = "addresses and CIDR blocks never blocked",
        ["allow-list-file"] = "file of allow-listed blocks, one a line",
        ["playbooks"] = "playbook files (the built-in default when none)",
        ["waf.ipv4-set"] = "IPv4 IP set name or ARN (default cloudsniper-blocked-ipv4)",
        ["waf.ipv6-set"] = "IPv6 IP set name or ARN (default cloudsniper-blocked-ipv6)",
        ["waf.cloudfront"] = "also block in CLOUDFRONT sets in us-east-1 (default false)",
        ["waf.max-addresses"] = "addresses per IP set (default 10000)",
        ["nacl.rule-min"] = "lowest ACL rule number used (default 1)",
        ["nacl.rule-max"] = "highest ACL rule number used (default 99)",
        ["nacl.quota"] = "ACL entries per direction and IP family (default 20)",
        ["tag-prefix"] = "prefix of tag keys (default cloudsniper:)",
        ["quarantine-group"] = "quarantine security group name (default cloudsniper-quarantine)",
        ["assume-role.name"] = "role assumed in member accounts",
        ["assume-role.external-id"] = "external id for AssumeRole",
        ["notify"] = "notice channels: a list of notify-* actions, as in a playbook's do list",
    };

    /// <summary>Reads settings from YAML text (null for none) and the environment.</summary>
    public static ResponseSettings Load(string? yaml, string source, Func<string, string?> environment, ActionRegistry registry)
    {
        var errors = new List<string>();
        var values = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        YamlNode? notifyNode = null;
        if (!string.IsNullOrWhiteSpace(yaml))
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(yaml));
            }
            catch (YamlException ex)
            {
                return new ResponseSettings(new ResponseOptions(), [], [$"{source}:{ex.Start.Line}: {ex.Message}"]);
            }

            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root &&
                root.Children.TryGetValue(new YamlScalarNode("response"), out var section))
            {
                if (section is YamlMappingNode map)
                {
                    Flatten(map, "", values, errors, source, ref notifyNode);
                }
                else
                {
                    errors.Add($"{source}:{section.Start.Line}: 'response' must be a mapping");
                }
            }
        }

        foreach (var key in Keys.Keys.Where(k => k != "notify"))
        {
            var variable = "SNIPER_RESPONSE_" + key.ToUpperInvariant().Replace('-', '_').Replace('.', '_');
            if (environment(variable) is { Length: > 0 } value)
            {
                values[key] = (value, 0);
            }
        }

        var o = new ResponseOptions();
        string? Get(string key) => values.TryGetValue(key, out var v) ? v.Value : null;
        void Fail(string key, string expected) =>
            errors.Add($"{(values[key].Line > 0 ? $"{source}:{values[key].Line}" : "SNIPER_RESPONSE_" + key.ToUpperInvariant().Replace('-', '_').Replace('.', '_'))}: '{key}' must be {expected}; got '{values[key].Value}'");

        if (Get("mode") is { } mode)
        {
            if (Enum.TryParse<ResponseMode>(mode, true, out var m) && Enum.IsDefined(m))
            {
                o = o with { Mode = m };
            }
            else
            {
                Fail("mode", "observe, plan or enforce");
            }
        }

        if (Get("min-severity") is { } sev)
        {
            if (PlaybookLoader.TryParseSeverity(sev, out var s))
            {
                o = o with { MinSeverity = s };
            }
            else
            {
                Fail("min-severity", "0-10 or low, medium, high, critical");
            }
        }

        o = Duration("block-ttl", o, (x, d) => x with { BlockTtl = d });
        o = Duration("max-block-ttl", o, (x, d) => x with { MaxBlockTtl = d });
        o = Int("max-blocks-per-hour", o, (x, n) => x with { MaxBlocksPerHour = n });
        o = Int("waf.max-addresses", o, (x, n) => x with { WafMaxAddressesPerSet = n });
        o = Int("nacl.rule-min", o, (x, n) => x with { AclRuleMin = n });
        o = Int("nacl.rule-max", o, (x, n) => x with { AclRuleMax = n });
        o = Int("nacl.quota", o, (x, n) => x with { AclQuotaPerDirection = n });
        if (Get("require-approval") is { } approvals)
        {
            var keys = List(approvals);
            foreach (var unknown in keys.Where(k => registry.Find(k) is null))
            {
                errors.Add($"{source}: require-approval names unknown action '{unknown}'");
            }

            o = o with { RequireApproval = [.. keys] };
        }

        if (Get("allow-list") is { } allow)
        {
            o = o with { AllowList = [.. List(allow)] };
        }

        o = o with
        {
            AllowListFile = Get("allow-list-file") ?? o.AllowListFile,
            WafIpv4Set = Get("waf.ipv4-set") ?? o.WafIpv4Set,
            WafIpv6Set = Get("waf.ipv6-set") ?? o.WafIpv6Set,
            TagPrefix = Get("tag-prefix") ?? o.TagPrefix,
            QuarantineGroupName = Get("quarantine-group") ?? o.QuarantineGroupName,
            AssumeRoleName = Get("assume-role.name") ?? o.AssumeRoleName,
            ExternalId = Get("assume-role.external-id") ?? o.ExternalId,
        };
        if (Get("waf.cloudfront") is { } cf)
        {
            if (bool.TryParse(cf, out var b))
            {
                o = o with { WafCloudFront = b };
            }
            else
            {
                Fail("waf.cloudfront", "true or false");
            }
        }

        if (o.AclRuleMin < 1 || o.AclRuleMax > 32766 || o.AclRuleMin > o.AclRuleMax)
        {
            errors.Add($"{source}: nacl.rule-min..nacl.rule-max must be a range within 1-32766");
        }

        if (notifyNode is not null)
        {
            var wrapped = $"name: notify\nrules:\n  - name: notify\n    do:\n{Indent(notifyNode)}";
            var parsed = new PlaybookLoader(registry).Load(wrapped, source + " (response.notify)");
            if (parsed.Playbook is { } p)
            {
                o = o with { NoticeChannels = p.Rules[0].Do };
            }
            else
            {
                errors.AddRange(parsed.Errors.Select(e => $"{source} (response.notify): {e.Message}"));
            }
        }

        var playbooks = Get("playbooks") is { } files ? List(files).ToImmutableArray() : [];
        return new ResponseSettings(o, playbooks, errors);

        ResponseOptions Duration(string key, ResponseOptions x, Func<ResponseOptions, TimeSpan, ResponseOptions> set)
        {
            if (Get(key) is not { } text)
            {
                return x;
            }

            if (Durations.TryParse(text, out var d))
            {
                return set(x, d);
            }

            Fail(key, "a duration such as 24h or 7d");
            return x;
        }

        ResponseOptions Int(string key, ResponseOptions x, Func<ResponseOptions, int, ResponseOptions> set)
        {
            if (Get(key) is not { } text)
            {
                return x;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                return set(x, n);
            }

            Fail(key, "a positive whole number");
            return x;
        }
    }

    private static void Flatten(YamlMappingNode map, string prefix, Dictionary<string, (string, int)> values, List<string> errors, string source, ref YamlNode? notify)
    {
        foreach (var (k, v) in map.Children)
        {
            var key = prefix + ((k as YamlScalarNode)?.Value ?? "");
            if (key == "notify")
            {
                notify = v;
                continue;
            }

            switch (v)
            {
                case YamlMappingNode nested when prefix.Length == 0:
                    Flatten(nested, key + ".", values, errors, source, ref notify);
                    continue;
                case YamlScalarNode s:
                    values[key] = (s.Value ?? "", (int)v.Start.Line);
                    break;
                case YamlSequenceNode seq:
                    values[key] = (string.Join(',', seq.Children.OfType<YamlScalarNode>().Select(x => x.Value)), (int)v.Start.Line);
                    break;
            }

            if (!Keys.ContainsKey(key))
            {
                errors.Add($"{source}:{k.Start.Line}: unknown key 'response.{key}'");
            }
        }
    }

    private static List<string> List(string text) => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string Indent(YamlNode node)
    {
        var doc = new YamlDocument(node);
        var stream = new YamlStream(doc);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var lines = writer.ToString().Split('\n').Where(l => l.Trim() is not ("" or "..." or "---")).Select(l => "      " + l);
        return string.Join('\n', lines) + "\n";
    }
}
