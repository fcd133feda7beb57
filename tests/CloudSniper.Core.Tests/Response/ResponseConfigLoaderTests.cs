using System.Text.Json;
using CloudSniper.Core.Response;

namespace CloudSniper.Core.Tests.Response;

public class ResponseConfigLoaderTests
{
    private const string Yaml = """
        store: sqlite:/tmp/x.db
        response:
          mode: enforce
          min-severity: medium
          block-ttl: 12h
          max-blocks-per-hour: 50
          require-approval: [isolate, deactivate-access-key]
          allow-list: [81.2.69.0/24]
          playbooks: [a.yaml, b.yaml]
          waf:
            ipv4-set: arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/blocked/abc
            cloudfront: true
          nacl:
            rule-min: 10
            rule-max: 90
          assume-role:
            name: CloudSniperResponder
            external-id: org-123
          notify:
            - notify-slack: { url: "${SLACK_URL}" }
        """;

    [Fact]
    public void Load_GivenResponseSection_ReadsEveryKey()
    {
        var settings = ResponseConfigLoader.Load(Yaml, "config.yaml", _ => null, ActionRegistry.Default);
        Assert.Empty(settings.Errors);
        var o = settings.Options;
        Assert.Equal(ResponseMode.Enforce, o.Mode);
        Assert.Equal(4, o.MinSeverity);
        Assert.Equal(TimeSpan.FromHours(12), o.BlockTtl);
        Assert.Equal(50, o.MaxBlocksPerHour);
        Assert.Equal(["isolate", "deactivate-access-key"], o.RequireApproval);
        Assert.StartsWith("arn:aws:wafv2", o.WafIpv4Set, StringComparison.Ordinal);
        Assert.True(o.WafCloudFront);
        Assert.Equal((10, 90), (o.AclRuleMin, o.AclRuleMax));
        Assert.Equal(("CloudSniperResponder", "org-123"), (o.AssumeRoleName, o.ExternalId));
        Assert.Equal("notify-slack", Assert.Single(o.NoticeChannels).Key);
        Assert.Equal(["a.yaml", "b.yaml"], settings.PlaybookFiles);
    }

    [Fact]
    public void Load_GivenEnvironmentOverrides_PrefersThem()
    {
        var env = new Dictionary<string, string> { ["SNIPER_RESPONSE_MODE"] = "observe", ["SNIPER_RESPONSE_NACL_QUOTA"] = "40", ["SNIPER_RESPONSE_WAF_IPV6_SET"] = "v6" };
        var o = ResponseConfigLoader.Load(Yaml, "config.yaml", n => env.GetValueOrDefault(n), ActionRegistry.Default).Options;
        Assert.Equal(ResponseMode.Observe, o.Mode);
        Assert.Equal(40, o.AclQuotaPerDirection);
        Assert.Equal("v6", o.WafIpv6Set);
    }

    [Fact]
    public void Load_GivenBadValues_ReportsEachWithItsLine()
    {
        const string bad = "response:\n  mode: maybe\n  block-ttl: soon\n  colour: red\n  require-approval: [nuke]\n";
        var errors = ResponseConfigLoader.Load(bad, "c.yaml", _ => null, ActionRegistry.Default).Errors;
        Assert.Contains(errors, e => e.StartsWith("c.yaml:2:", StringComparison.Ordinal) && e.Contains("'mode'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("c.yaml:3:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unknown key 'response.colour'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unknown action 'nuke'", StringComparison.Ordinal));
    }

    [Fact]
    public void IamPolicy_ListsEveryDeclaredPermissionOnceAndTheAssumeRole()
    {
        var json = IamPolicyBuilder.Build([ActionRegistry.Default.Find("waf-block")!, ActionRegistry.Default.Find("nacl-block")!, ActionRegistry.Default.Find("tag")!], "CloudSniperResponder");
        using var doc = JsonDocument.Parse(json);
        var statements = doc.RootElement.GetProperty("Statement");
        var actions = statements[0].GetProperty("Action").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains("wafv2:UpdateIPSet", actions);
        Assert.Contains("ec2:CreateNetworkAclEntry", actions);
        Assert.Contains("ec2:DescribeVpcs", actions);
        Assert.DoesNotContain("iam:UpdateAccessKey", actions);
        Assert.Equal(actions.Count, actions.Distinct().Count());
        Assert.Equal(actions.Order(StringComparer.Ordinal), actions);
        Assert.Equal("arn:aws:iam::*:role/CloudSniperResponder", statements[1].GetProperty("Resource").GetString());
    }
}
