using System.Collections.Immutable;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>
/// Blocks remote addresses in WAFv2 IP sets: IPv4 and IPv6 in separate sets, REGIONAL in the finding's region and
/// optionally CLOUDFRONT in us-east-1; sets by name (created if absent) or ARN. All addresses for one set are merged
/// into one plan target so a burst becomes a handful of <c>UpdateIPSet</c> calls.
/// </summary>
/// <example>
/// <code>
/// - waf-block: { direction: inbound, scopes: [regional, cloudfront] }
/// </code>
/// </example>
public sealed class BlockIpInWaf : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "waf-block";

    public override string Key => ActionKey;

    public override string Description => "Add the finding's remote addresses to WAFv2 IP sets (REGIONAL and optionally CLOUDFRONT), with a time to live";

    public override NistPhase Phase => NistPhase.Containment;

    public override bool Blocks => true;

    public override bool Undoable => true;

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        CommonParameters.Direction,
        new("scopes", ParameterType.List, "WAF scopes: regional (the finding's region) and/or cloudfront (us-east-1); default regional, plus cloudfront when configured", "regional")
        {
            AllowedValues = ["regional", "cloudfront"],
        },
        new("ipv4-set", ParameterType.String, "IPv4 IP set name or ARN (default from the configuration: cloudsniper-blocked-ipv4, created if absent)"),
        new("ipv6-set", ParameterType.String, "IPv6 IP set name or ARN (default from the configuration: cloudsniper-blocked-ipv6, created if absent)"),
        CommonParameters.Ttl,
    ];

    public override IReadOnlyList<string> Permissions { get; } =
        ["wafv2:ListIPSets", "wafv2:GetIPSet", "wafv2:CreateIPSet", "wafv2:UpdateIPSet", "wafv2:TagResource"];

    public override string DryRun => "Lists the addresses that would be added to each IP set, with their expiry; no WAF call is made.";

    public override void Plan(ActionPlanningContext context)
    {
        var finding = context.Finding;
        if (finding.AccountId is null || finding.Region is null)
        {
            context.Skip("the finding names no account or region");
            return;
        }

        var direction = context.Invocation.GetString("direction", "any");
        var addresses = FindingAddresses.Select(finding, direction);
        if (addresses.Count == 0)
        {
            context.Skip($"the finding has no {direction} remote address");
            return;
        }

        var scopes = context.Invocation.GetList("scopes");
        var regional = scopes.Count == 0 || scopes.Contains("regional", StringComparer.OrdinalIgnoreCase);
        var cloudFront = scopes.Contains("cloudfront", StringComparer.OrdinalIgnoreCase) || (scopes.Count == 0 && context.Options.WafCloudFront);
        foreach (var address in addresses)
        {
            var family = address.IsIPv6 ? "ipv6" : "ipv4";
            var set = context.Invocation.Get(family + "-set") ?? (address.IsIPv6 ? context.Options.WafIpv6Set : context.Options.WafIpv4Set);
            if (regional)
            {
                Add(context, address, "REGIONAL", finding.Region, family, set);
            }

            if (cloudFront)
            {
                Add(context, address, "CLOUDFRONT", "us-east-1", family, set);
            }
        }
    }

    private static void Add(ActionPlanningContext context, Net.IpNetwork address, string scope, string region, string family, string set)
    {
        var key = $"{ActionKey}|{scope}|{context.Finding.AccountId}|{region}|{family}|{set}";
        context.Block(
            key,
            address,
            () => ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new KeyValuePair<string, string>[]
            {
                new("scope", scope),
                new("ip-version", family == "ipv6" ? "IPV6" : "IPV4"),
                new("set", set),
            }),
            region);
    }
}
