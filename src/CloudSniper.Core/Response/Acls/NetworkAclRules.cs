using CloudSniper.Core.Net;

namespace CloudSniper.Core.Response.Acls;

/// <summary>
/// Decides where a DENY for an address must go in one direction of a network ACL, and counts entries toward the
/// per-direction quota. Amazon VPC User Guide, "Network ACL rules": rules are evaluated starting with the lowest
/// numbered rule, and as soon as a rule matches traffic it is applied regardless of any higher-numbered rule that
/// might contradict it. So an entry for the attacker's range blocks it only when no ALLOW matching any of its
/// traffic comes first.
/// </summary>
public static class NetworkAclRules
{
    /// <summary>The lowest rule number of the default <c>*</c> rules as EC2 lists them (32767 for IPv4, 32768 for IPv6).</summary>
    public const int FirstDefaultRuleNumber = 32767;

    /// <summary>
    /// Where a DENY of all traffic of <paramref name="block"/> must go among <paramref name="rules"/> (one direction,
    /// default rules included): already denied when the first rule of the same family that overlaps the block is a
    /// DENY of all protocols covering all of it; otherwise the lowest number in
    /// [<paramref name="ruleMin"/>, <paramref name="ruleMax"/>] that no rule of the direction uses and that lies
    /// below the first overlapping ALLOW, or no room. Numbers in <paramref name="taken"/> are treated as used even when
    /// no listed rule has them (an entry created meanwhile that a read did not show yet).
    /// </summary>
    public static AclPlacement Place(IEnumerable<AclRule> rules, IpNetwork block, int ruleMin, int ruleMax, IReadOnlySet<int>? taken = null)
    {
        var ordered = rules.OrderBy(r => r.Number).ToList();
        AclRule? firstAllow = null;
        foreach (var rule in ordered.Where(r => r.Cidr.IsIPv6 == block.IsIPv6 && r.Cidr.Overlaps(block)))
        {
            if (rule.Allow)
            {
                // Even an ALLOW of one port for a broader range lets part of the attacker's traffic in.
                firstAllow = rule;
                break;
            }

            if (rule.AllProtocols && rule.Cidr.Contains(block))
            {
                return new AclPlacement(AclPlacementKind.AlreadyDenied, rule.Number, rule.Number - 1, null, $"rule {Label(rule)} denies {rule.Cidr} before any rule allows it");
            }

            // A DENY of some protocols, or of part of the block, leaves the rest to the rules after it.
        }

        var ceiling = Math.Min(ruleMax, firstAllow is null ? ruleMax : firstAllow.Number - 1);
        // Rule numbers are unique per direction across both families, so every number listed is taken.
        var used = ordered.Select(r => r.Number).ToHashSet();
        for (var n = ruleMin; n <= ceiling; n++)
        {
            if (!used.Contains(n) && taken?.Contains(n) != true)
            {
                return new AclPlacement(AclPlacementKind.Insert, n, ceiling, firstAllow, firstAllow is null
                    ? $"no rule matches {block}"
                    : $"rule {Label(firstAllow)} allows {firstAllow.Cidr}{(firstAllow.AllProtocols ? "" : " (some protocols)")} first");
            }
        }

        var reason = firstAllow is not null && firstAllow.Number <= ruleMin
            ? $"rule {Label(firstAllow)} allows {firstAllow.Cidr} before the lowest rule number Cloud Sniper may use ({ruleMin}); a DENY for {block} could not take effect"
            : firstAllow is not null
                ? $"no free rule number in {ruleMin}-{ceiling}, below rule {Label(firstAllow)} that allows {firstAllow.Cidr}; a DENY for {block} placed after it could not take effect"
                : $"no free rule number in {ruleMin}-{ceiling}";
        return new AclPlacement(AclPlacementKind.NoRoom, null, ceiling, firstAllow, reason);
    }

    /// <summary>
    /// The entries of one direction and family that count toward the AWS quota: every custom entry of that family
    /// plus the family's default <c>*</c> rule, listed or not (Amazon VPC quotas, "Rules per network ACL": the quota
    /// applies per direction, separately for IPv4 and IPv6 rules, and includes the default deny rules).
    /// </summary>
    public static int CountTowardQuota(IEnumerable<AclRule> rules, bool ipv6) =>
        rules.Count(r => r.Number < FirstDefaultRuleNumber && r.Cidr.IsIPv6 == ipv6) + 1;

    private static string Label(AclRule rule) => rule.Number >= FirstDefaultRuleNumber ? "* (the default rule)" : "#" + rule.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
