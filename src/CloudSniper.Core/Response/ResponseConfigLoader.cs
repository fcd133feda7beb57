using System.Collections.Immutable;
using CloudSniper.Core.Configuration;
using CloudSniper.Core.Response.Playbooks;

namespace CloudSniper.Core.Response;

/// <summary>
/// Turns the configuration (top-level <c>mode</c>, <c>allowList</c>, <c>allowListFile</c> and the <c>response:</c>
/// section, with their <c>SNIPER_*</c> overrides such as <c>SNIPER_RESPONSE__BLOCKTTL=12h</c>) into response settings,
/// reporting every value that does not make sense.
/// </summary>
public static class ResponseConfigLoader
{
    /// <summary>The settings a configuration describes.</summary>
    public static ResponseSettings FromConfig(SniperConfig config, ActionRegistry registry)
    {
        var errors = new List<string>();
        var r = config.Response;
        var o = new ResponseOptions();
        if (Enum.TryParse<ResponseMode>(config.Mode, true, out var mode) && Enum.IsDefined(mode))
        {
            o = o with { Mode = mode };
        }
        else
        {
            errors.Add($"mode: must be observe, plan or enforce; got '{config.Mode}'");
        }

        if (r.MinSeverity is { } sev)
        {
            if (PlaybookLoader.TryParseSeverity(sev, out var s))
            {
                o = o with { MinSeverity = s };
            }
            else
            {
                errors.Add($"response.minSeverity: must be 0-10 or low, medium, high, critical; got '{sev}'");
            }
        }

        var ttl = Duration("response.blockTtl", r.BlockTtl, o.BlockTtl);
        var max = Duration("response.maxBlockTtl", r.MaxBlockTtl, o.MaxBlockTtl);
        if (max < ttl)
        {
            errors.Add("response.maxBlockTtl: must not be shorter than response.blockTtl");
        }

        foreach (var unknown in r.RequireApproval.Where(k => registry.Find(k) is null))
        {
            errors.Add($"response.requireApproval: unknown action '{unknown}'");
        }

        foreach (var aws in r.UrlVariables.Where(UrlVariablePolicy.IsNeverAllowed))
        {
            errors.Add($"response.urlVariables: '{aws}' may not be listed; AWS_* variables are never expanded in a URL");
        }

        if (r.MaxBlocksPerHour < 1)
        {
            errors.Add("response.maxBlocksPerHour: must be at least 1");
        }

        if (r.Waf.MaxAddresses is < 1 or > 10_000)
        {
            errors.Add("response.waf.maxAddresses: must be between 1 and 10000 (the WAF quota)");
        }

        if (r.Nacl.RuleMin < 1 || r.Nacl.RuleMax > 32766 || r.Nacl.RuleMin > r.Nacl.RuleMax)
        {
            errors.Add("response.nacl.ruleMin..ruleMax: must be a range within 1-32766");
        }

        if (r.Nacl.Quota is < 1)
        {
            errors.Add("response.nacl.quota: must be at least 1");
        }

        var notices = ImmutableArray<ActionInvocation>.Empty;
        if (r.Notify.Count > 0)
        {
            // JSON is valid YAML flow syntax, so the channels are checked exactly like a playbook's do list.
            var yaml = "name: notify\nrules:\n  - name: notify\n    do:\n" + string.Join('\n', r.Notify.Select(n => "      - " + n.GetRawText())) + "\n";
            var parsed = new PlaybookLoader(registry).Load(yaml, "response.notify");
            if (parsed.Playbook is { } p)
            {
                notices = p.Rules[0].Do;
                foreach (var bad in notices.Where(n => !n.Key.StartsWith("notify-", StringComparison.Ordinal)))
                {
                    errors.Add($"response.notify: '{bad.Key}' is not a notification action");
                }
            }
            else
            {
                errors.AddRange(parsed.Errors.Select(e => "response.notify: " + e.Message));
            }
        }

        o = o with
        {
            BlockTtl = ttl,
            MaxBlockTtl = max,
            MaxBlocksPerHour = r.MaxBlocksPerHour,
            RequireApproval = [.. r.RequireApproval],
            UrlVariables = new UrlVariablePolicy([.. r.UrlVariables.Where(n => !UrlVariablePolicy.IsNeverAllowed(n))]),
            AllowList = [.. config.AllowList],
            AllowListFile = config.AllowListFile,
            WafIpv4Set = r.Waf.Ipv4Set,
            WafIpv6Set = r.Waf.Ipv6Set,
            WafCloudFront = r.Waf.CloudFront,
            WafMaxAddressesPerSet = r.Waf.MaxAddresses,
            AclRuleMin = r.Nacl.RuleMin,
            AclRuleMax = r.Nacl.RuleMax,
            AclQuotaPerDirection = r.Nacl.Quota,
            TagPrefix = r.TagPrefix,
            QuarantineGroupName = r.QuarantineGroup,
            AssumeRoleName = r.AssumeRole,
            ExternalId = r.ExternalId,
            NoticeChannels = notices,
        };
        return new ResponseSettings(o, [.. r.Playbooks], errors);

        TimeSpan Duration(string key, string text, TimeSpan fallback)
        {
            if (Durations.TryParse(text, out var d))
            {
                return d;
            }

            errors.Add($"{key}: must be a duration such as 30m, 24h or 7d; got '{text}'");
            return fallback;
        }
    }
}
