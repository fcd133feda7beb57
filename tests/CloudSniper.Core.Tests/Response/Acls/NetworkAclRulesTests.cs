using CloudSniper.Core.Net;
using CloudSniper.Core.Response.Acls;

namespace CloudSniper.Core.Tests.Response.Acls;

public class NetworkAclRulesTests
{
    private static readonly IpNetwork Attacker = IpNetwork.Parse("45.155.0.9/32");

    private static AclRule Allow(int number, string cidr, bool allProtocols = true) => new(number, true, IpNetwork.Parse(cidr), allProtocols);

    private static AclRule Deny(int number, string cidr, bool allProtocols = true) => new(number, false, IpNetwork.Parse(cidr), allProtocols);

    /// <summary>The rules of one direction of a VPC's default network ACL (Amazon VPC User Guide, "Default network ACL for a VPC").</summary>
    private static List<AclRule> DefaultAcl() => [Allow(100, "0.0.0.0/0"), Deny(32767, "0.0.0.0/0")];

    [Fact]
    public void Place_GivenTheDefaultAcl_InsertsAtTheLowestNumberBeforeItsAllowRule()
    {
        var placement = NetworkAclRules.Place(DefaultAcl(), Attacker, 1, 99);

        Assert.Equal(AclPlacementKind.Insert, placement.Kind);
        Assert.Equal(1, placement.Number);
        Assert.Equal(100, placement.FirstAllow!.Number);
    }

    [Fact]
    public void Place_GivenAnAllowForTheSameCidr_InsertsADenyBelowIt()
    {
        var placement = NetworkAclRules.Place([.. DefaultAcl(), Deny(1, "81.2.69.0/24"), Allow(3, "45.155.0.9/32")], Attacker, 1, 99);

        Assert.Equal(AclPlacementKind.Insert, placement.Kind);
        Assert.Equal(2, placement.Number);
        Assert.Equal(2, placement.Ceiling);
    }

    [Fact]
    public void Place_GivenADenyAfterABroaderAllow_DoesNotCountItAsBlocked()
    {
        var placement = NetworkAclRules.Place([Allow(10, "0.0.0.0/0"), Deny(20, "45.155.0.9/32"), Deny(32767, "0.0.0.0/0")], Attacker, 1, 99);

        Assert.Equal(AclPlacementKind.Insert, placement.Kind);
        Assert.Equal(1, placement.Number);
        Assert.Equal(9, placement.Ceiling);
    }

    [Fact]
    public void Place_GivenAnAllowOfOnePortForTheAttackersRange_PlacesTheDenyBeforeIt()
    {
        var placement = NetworkAclRules.Place([Deny(1, "45.155.0.0/16", allProtocols: false), Allow(3, "45.155.0.0/16", allProtocols: false), Deny(5, "45.155.0.9/32"), .. DefaultAcl()], Attacker, 1, 99);

        Assert.Equal(AclPlacementKind.Insert, placement.Kind);
        Assert.Equal(2, placement.Number);
        Assert.Equal(3, placement.FirstAllow!.Number);
        Assert.Contains("rule #3 allows 45.155.0.0/16 (some protocols)", placement.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_GivenTheLowestMatchingRuleIsADenyOfAllTraffic_IsAlreadyDenied()
    {
        var placement = NetworkAclRules.Place([.. DefaultAcl(), Deny(2, "45.155.0.0/24"), Allow(3, "45.155.0.9/32")], Attacker, 1, 99);

        Assert.Equal(AclPlacementKind.AlreadyDenied, placement.Kind);
        Assert.Equal(2, placement.Number);
    }

    [Fact]
    public void Place_GivenADenyOfPartOfTheBlockOrOfOneProtocol_StillInserts()
    {
        var block = IpNetwork.Parse("45.155.0.0/24");

        var placement = NetworkAclRules.Place([Deny(1, "45.155.0.9/32"), Deny(2, "45.155.0.0/16", allProtocols: false), .. DefaultAcl()], block, 1, 99);

        Assert.Equal(AclPlacementKind.Insert, placement.Kind);
        Assert.Equal(3, placement.Number);
    }

    [Fact]
    public void Place_GivenOnlyTheDefaultDeny_IsAlreadyDeniedByIt()
    {
        var placement = NetworkAclRules.Place([Allow(100, "10.0.0.0/8"), Deny(32767, "0.0.0.0/0")], Attacker, 1, 99);

        Assert.Equal(AclPlacementKind.AlreadyDenied, placement.Kind);
        Assert.Equal(32767, placement.Number);
        Assert.Contains("default rule", placement.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_GivenAnAllowAtTheLowestUsableNumber_HasNoRoomAndSaysWhy()
    {
        var placement = NetworkAclRules.Place([Allow(1, "45.155.0.9/32"), .. DefaultAcl()], Attacker, 1, 99);

        Assert.Equal(AclPlacementKind.NoRoom, placement.Kind);
        Assert.Null(placement.Number);
        Assert.Contains("rule #1 allows 45.155.0.9/32 before the lowest rule number Cloud Sniper may use (1)", placement.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_GivenEveryNumberBelowTheAllowTaken_HasNoRoom()
    {
        var placement = NetworkAclRules.Place([Deny(1, "81.2.69.1/32"), Deny(2, "81.2.69.2/32"), Allow(3, "0.0.0.0/0"), Deny(32767, "0.0.0.0/0")], Attacker, 1, 99);

        Assert.Equal(AclPlacementKind.NoRoom, placement.Kind);
        Assert.Equal(2, placement.Ceiling);
        Assert.Contains("no free rule number in 1-2", placement.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_GivenAnAllowThatDoesNotMatch_IgnoresItForTheOrder()
    {
        var placement = NetworkAclRules.Place([Allow(1, "10.0.0.0/8"), Allow(2, "2001:db8::/32"), .. DefaultAcl()], Attacker, 1, 99);

        Assert.Equal(AclPlacementKind.Insert, placement.Kind);
        Assert.Equal(3, placement.Number);
    }

    [Fact]
    public void Place_GivenIpv6Block_LooksOnlyAtIpv6RulesButSharesTheNumbers()
    {
        var block = IpNetwork.Parse("2a0b:4140:1::1/128");

        var placement = NetworkAclRules.Place([Deny(1, "0.0.0.0/0"), Allow(101, "::/0"), Deny(32768, "::/0"), .. DefaultAcl()], block, 1, 99);

        Assert.Equal(AclPlacementKind.Insert, placement.Kind);
        Assert.Equal(2, placement.Number);
        Assert.Equal(101, placement.FirstAllow!.Number);
    }

    [Fact]
    public void Place_GivenAMatchingAllowAboveTheToolsRange_StaysWithinTheRange()
    {
        var placement = NetworkAclRules.Place([Deny(50, "81.2.69.0/24"), .. DefaultAcl()], Attacker, 50, 60);

        Assert.Equal(51, placement.Number);
        Assert.Equal(60, placement.Ceiling);
    }

    [Fact]
    public void CountTowardQuota_CountsTheDefaultRuleOfTheFamilyListedOrNot()
    {
        List<AclRule> rules = [.. Enumerable.Range(1, 19).Select(n => Deny(n, $"45.155.1.{n}/32")), Allow(1000, "::/0"), Deny(32767, "0.0.0.0/0")];

        Assert.Equal(20, NetworkAclRules.CountTowardQuota(rules, ipv6: false));
        Assert.Equal(2, NetworkAclRules.CountTowardQuota(rules, ipv6: true));
        Assert.Equal(1, NetworkAclRules.CountTowardQuota([], ipv6: true));
    }
}
