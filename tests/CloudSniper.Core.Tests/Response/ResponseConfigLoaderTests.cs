using System.Text.Json;
using CloudSniper.Core.Configuration;
using CloudSniper.Core.Response;

namespace CloudSniper.Core.Tests.Response;

public class ResponseConfigLoaderTests
{
    private const string Yaml = """
        mode: enforce
        allowList: [81.2.69.0/24]
        response:
          minSeverity: medium
          blockTtl: 12h
          maxBlocksPerHour: 50
          requireApproval: [isolate, deactivate-access-key]
          playbooks: [a.yaml, b.yaml]
          waf:
            ipv4Set: arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/blocked/abc
            cloudFront: true
          nacl:
            ruleMin: 10
            ruleMax: 90
          assumeRole: CloudSniperResponder
          externalId: org-123
          notify:
            - notify-slack: { url: "${SLACK_URL}" }
        """;

    private static ResponseSettings Load(string yaml, params (string, string)[] env)
    {
        var config = ConfigLoader.Load(yaml, "config.yaml", env.Select(e => new KeyValuePair<string, string>(e.Item1, e.Item2)));
        Assert.True(config.IsValid, string.Join("\n", config.Errors));
        return ResponseConfigLoader.FromConfig(config.Config, ActionRegistry.Default);
    }

    [Fact]
    public void FromConfig_GivenResponseSection_ReadsEveryKey()
    {
        var settings = Load(Yaml);
        Assert.Empty(settings.Errors);
        var o = settings.Options;
        Assert.Equal(ResponseMode.Enforce, o.Mode);
        Assert.Equal(["81.2.69.0/24"], o.AllowList);
        Assert.Equal(4, o.MinSeverity);
        Assert.Equal(TimeSpan.FromHours(12), o.BlockTtl);
        Assert.Equal(50, o.MaxBlocksPerHour);
        Assert.Equal(["isolate", "deactivate-access-key"], o.RequireApproval);
        Assert.StartsWith("arn:aws:wafv2", o.WafIpv4Set, StringComparison.Ordinal);
        Assert.True(o.WafCloudFront);
        Assert.Equal((10, 90), (o.AclRuleMin, o.AclRuleMax));
        Assert.Equal(("CloudSniperResponder", "org-123"), (o.AssumeRoleName, o.ExternalId));
        var channel = Assert.Single(o.NoticeChannels);
        Assert.Equal(("notify-slack", "${SLACK_URL}"), (channel.Key, channel.Get("url")));
        Assert.Equal(["a.yaml", "b.yaml"], settings.PlaybookFiles);
    }

    [Fact]
    public void FromConfig_GivenEnvironmentOverrides_PrefersThem()
    {
        var o = Load(Yaml, ("SNIPER_MODE", "observe"), ("SNIPER_RESPONSE__NACL__QUOTA", "40"), ("SNIPER_RESPONSE__WAF__IPV6SET", "v6")).Options;
        Assert.Equal(ResponseMode.Observe, o.Mode);
        Assert.Equal(40, o.AclQuotaPerDirection);
        Assert.Equal("v6", o.WafIpv6Set);
    }

    [Fact]
    public void FromConfig_GivenNoAclQuota_LeavesItToServiceQuotas()
    {
        var o = Load("response:\n  nacl: { ruleMin: 1, ruleMax: 99 }\n").Options;
        Assert.Null(o.AclQuotaPerDirection);
    }

    [Fact]
    public void FromConfig_GivenBadValues_ReportsEach()
    {
        var errors = Load("response:\n  blockTtl: soon\n  requireApproval: [nuke]\n  nacl: { ruleMin: 50, ruleMax: 10 }\n  notify: [ { tag: {} } ]\n").Errors;
        Assert.Contains(errors, e => e.StartsWith("response.blockTtl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unknown action 'nuke'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("response.nacl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'tag' is not a notification action", StringComparison.Ordinal));
    }

    [Fact]
    public void IamPolicy_ListsEveryDeclaredPermissionOnceAndTheAssumeRole()
    {
        var json = IamPolicyBuilder.Build([ActionRegistry.Default.Find("waf-block")!, ActionRegistry.Default.Find("nacl-block")!, ActionRegistry.Default.Find("tag")!], "CloudSniperResponder");
        using var doc = JsonDocument.Parse(json);
        var statements = doc.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        var actions = statements.SelectMany(s => s.GetProperty("Action").EnumerateArray().Select(a => a.GetString())).ToList();
        Assert.Contains("wafv2:UpdateIPSet", actions);
        Assert.Contains("ec2:CreateNetworkAclEntry", actions);
        Assert.Contains("ec2:DescribeVpcs", actions);
        Assert.DoesNotContain("iam:UpdateAccessKey", actions);
        Assert.Equal(actions.Count, actions.Distinct().Count());
        Assert.All(statements, s => Assert.Equal(s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()).Order(StringComparer.Ordinal), s.GetProperty("Action").EnumerateArray().Select(a => a.GetString())));
        var member = Assert.Single(statements, s => s.GetProperty("Sid").GetString() == "CloudSniperMemberAccounts");
        Assert.Equal("arn:aws:iam::*:role/CloudSniperResponder", member.GetProperty("Resource").GetString());
    }

    [Fact]
    public void FromConfig_GivenUrlVariables_AllowsThoseAndRefusesAws()
    {
        var settings = Load("response:\n  urlVariables: [SLACK_URL, AWS_SECRET_ACCESS_KEY]\n");

        Assert.Equal(["response.urlVariables: 'AWS_SECRET_ACCESS_KEY' may not be listed; AWS_* variables are never expanded in a URL"], settings.Errors);
        Assert.True(settings.Options.UrlVariables.Allows("SLACK_URL"));
        Assert.False(settings.Options.UrlVariables.Allows("AWS_SECRET_ACCESS_KEY"));
        Assert.False(settings.Options.UrlVariables.Allows("SNIPER_SOAR_HOST"));
    }
}
