using System.Text;
using CloudSniper.Core.CloudTrail;
using CloudSniper.Core.Sigma;

namespace CloudSniper.Core.Tests.Sigma;

public sealed class SigmaMatcherTests
{
    private const string Event = """
        {"eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress","eventType":"AwsApiCall",
         "sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0 Python/3.11",
         "userIdentity":{"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::123456789012:user/alice","accessKeyId":"AKIAEXAMPLE"},
         "requestParameters":{"groupId":"sg-1","userName":"alice","tags":["Prod","Team-A"],"nothing":null,
           "ipPermissions":{"items":[{"fromPort":22,"toPort":22,"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}}]}},
         "responseElements":null}
        """;

    private static bool Matches(string detection, string json = Event)
    {
        var fields = StandardFields.Create();
        var yaml = $"title: T\nid: t-1\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n{detection}\nlevel: high\n";
        var (rule, skipped) = SigmaRuleLoader.Load(yaml, "t.yml", fields);
        Assert.True(rule is not null, skipped?.Reason);
        var set = new SigmaRuleSet([rule], []);
        var hit = false;
        new CloudTrailReader(fields).Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "e.json", r => set.Match(r, _ => hit = true), e => Assert.Fail(e.ToString()), TestContext.Current.CancellationToken);
        return hit;
    }

    private static SigmaSkippedRule Skipped(string yamlBody)
    {
        var (rule, skipped) = SigmaRuleLoader.Load("title: Skip me\n" + yamlBody, "s.yml", StandardFields.Create());
        Assert.Null(rule);
        return skipped!;
    }

    [Theory]
    [InlineData("    sel:\n        eventName: 'authorizesecuritygroupingress'\n    condition: sel", true)]
    [InlineData("    sel:\n        eventName: 'Authorize*Ingress'\n    condition: sel", true)]
    [InlineData("    sel:\n        eventName: 'Authorize?ecurityGroupIngress'\n    condition: sel", true)]
    [InlineData("    sel:\n        eventName: 'Authorize?Ingress'\n    condition: sel", false)]
    [InlineData("    sel:\n        eventName|cased: 'authorizesecuritygroupingress'\n    condition: sel", false)]
    [InlineData("    sel:\n        eventName|cased: 'AuthorizeSecurityGroupIngress'\n    condition: sel", true)]
    [InlineData("    sel:\n        eventName:\n            - 'RunInstances'\n            - 'AuthorizeSecurityGroupIngress'\n    condition: sel", true)]
    [InlineData("    sel:\n        userIdentity.userName: 'alice'\n        eventSource: 's3.amazonaws.com'\n    condition: sel", false)]
    public void Match_GivenPlainValues_IsCaseInsensitiveWithWildcardsAndLists(string detection, bool expected) =>
        Assert.Equal(expected, Matches(detection));

    [Theory]
    [InlineData("userAgent|contains: 'CLI/2'", true)]
    [InlineData("userAgent|startswith: 'aws-cli'", true)]
    [InlineData("userAgent|endswith: 'python/3.11'", true)]
    [InlineData("userAgent|endswith: 'python/3.12'", false)]
    [InlineData("userAgent|contains|all:\n            - 'aws-cli'\n            - 'Python'", true)]
    [InlineData("userAgent|contains|all:\n            - 'aws-cli'\n            - 'boto'", false)]
    [InlineData("userIdentity.arn|re: ':user/al[a-z]+$'", true)]
    [InlineData("userIdentity.arn|re: ':USER/'", false)]
    [InlineData("userIdentity.arn|re|i: ':USER/'", true)]
    [InlineData("sourceIPAddress|cidr: '203.0.113.0/24'", true)]
    [InlineData("sourceIPAddress|cidr:\n            - '10.0.0.0/8'\n            - '192.168.0.0/16'", false)]
    [InlineData("requestParameters.ipPermissions.items.ipRanges.items.cidrIp: '0.0.0.0/0'", true)]
    [InlineData("requestParameters.ipPermissions.items.fromPort|lte: 22", true)]
    [InlineData("requestParameters.ipPermissions.items.fromPort|gt: 22", false)]
    [InlineData("requestParameters.tags: 'team-a'", true)]
    [InlineData("requestParameters.tags|all:\n            - 'prod'\n            - 'team-a'", true)]
    [InlineData("requestParameters.groupId|exists: true", true)]
    [InlineData("requestParameters.missing|exists: true", false)]
    [InlineData("requestParameters.missing|exists: false", true)]
    [InlineData("requestParameters.nothing: null", true)]
    [InlineData("requestParameters.missing: null", true)]
    [InlineData("responseElements: null", true)]
    [InlineData("requestParameters.groupId: null", false)]
    [InlineData("requestParameters.userName|fieldref: userIdentity.userName", true)]
    [InlineData("requestParameters.groupId|fieldref: userIdentity.userName", false)]
    [InlineData("userIdentity.accessKeyId|startswith: 'AKIA'", true)]
    [InlineData("requestParameters.groupId: 'sg\\*'", false)]
    public void Match_GivenModifiers_AppliesEach(string condition, bool expected) =>
        Assert.Equal(expected, Matches($"    sel:\n        {condition}\n    condition: sel"));

    [Theory]
    [InlineData("a and not b", true)]
    [InlineData("a and b", false)]
    [InlineData("not a or b", false)]
    [InlineData("not (a and b)", true)]
    [InlineData("(a or b) and not filter_main_x", true)]
    [InlineData("1 of filter_*", true)]
    [InlineData("all of filter_*", false)]
    [InlineData("a and not 1 of filter_main_*", true)]
    [InlineData("1 of them", true)]
    [InlineData("all of them", false)]
    [InlineData("a and (b or filter_other)", true)]
    public void Match_GivenConditions_CombinesSearches(string condition, bool expected)
    {
        var detection = $"""
                a:
                    eventName: 'AuthorizeSecurityGroupIngress'
                b:
                    eventName: 'RunInstances'
                filter_main_x:
                    - eventSource: 's3.amazonaws.com'
                    - userAgent|contains: 'Terraform'
                filter_other:
                    userIdentity.type: 'IAMUser'
                condition: {condition}
            """;
        Assert.Equal(expected, Matches(detection));
    }

    [Fact]
    public void Match_GivenKeywordList_SearchesTheWholeRecord()
    {
        Assert.True(Matches("    keywords:\n        - 'SG-1'\n        - 'nope'\n    condition: keywords"));
        Assert.False(Matches("    keywords:\n        - 'absent-token'\n    condition: keywords"));
    }

    [Fact]
    public void Match_GivenAnEventBridgeEnvelope_MatchesTheDetailFields()
    {
        var envelope = "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\",\"detail\":" + Event + "}";
        Assert.True(Matches("    sel:\n        userIdentity.userName: 'alice'\n    condition: sel", envelope));
    }

    [Theory]
    [InlineData("logsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        src_country|expand: '%countries%'\n    condition: sel\n", "modifier 'expand'")]
    [InlineData("logsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        eventName: 'X'\n    condition: sel | count() by userIdentity.arn > 5\n", "aggregation")]
    [InlineData("logsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        CommandLine|windash: '-x'\n    condition: sel\n", "modifier 'windash'")]
    [InlineData("logsource:\n    product: windows\n    service: security\ndetection:\n    sel:\n        EventID: 4624\n    condition: sel\n", "product 'windows'")]
    [InlineData("logsource:\n    product: aws\n    service: guardduty\ndetection:\n    sel:\n        x: 1\n    condition: sel\n", "service 'guardduty'")]
    [InlineData("logsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        eventName: 'X'\n    condition: sel and missing\n", "'missing'")]
    [InlineData("logsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        eventName|re: '(unclosed'\n    condition: sel\n", "invalid regular expression")]
    [InlineData("logsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        eventName: 'X'\n    condition: (sel\n", "parentheses")]
    [InlineData("correlation:\n    type: event_count\n", "correlation")]
    [InlineData("logsource:\n  product: aws\ndetection: [unclosed\n", "invalid YAML")]
    public void Load_GivenSomethingUnsupported_SkipsTheRuleSayingWhy(string body, string reason)
    {
        var skipped = Skipped(body);
        Assert.Contains(reason, skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_GivenGoodAndBadRules_LoadsTheGoodAndReportsTheBad()
    {
        var dir = Directory.CreateTempSubdirectory("sigma-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "good.yml"), "title: Good\nid: g\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        eventName: 'StopLogging'\n    condition: sel\nlevel: high\n");
            File.WriteAllText(Path.Combine(dir.FullName, "bad.yaml"), "title: Bad\ndetection:\n    sel:\n        eventName|base64offset|contains: 'x'\n    condition: sel\n");
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "not a rule");
            var set = SigmaRuleLoader.LoadDirectory(dir.FullName, StandardFields.Create());
            Assert.Equal("g", Assert.Single(set.Rules).Id);
            var skipped = Assert.Single(set.Skipped);
            Assert.Equal("Bad", skipped.Title);
            Assert.Contains("base64offset", skipped.Reason, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void RuleSet_IndexesRulesThatPinTheEventName()
    {
        var fields = StandardFields.Create();
        var (pinned, _) = SigmaRuleLoader.Load("title: P\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        eventName:\n            - 'A'\n            - 'B'\n    filter:\n        userAgent: 'x'\n    condition: sel and not filter\n", "p.yml", fields);
        var (open, _) = SigmaRuleLoader.Load("title: O\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    sel:\n        eventName|startswith: 'A'\n    condition: sel\n", "o.yml", fields);
        Assert.Equal(["A", "B"], pinned!.RequiredEventNames!.Order(StringComparer.Ordinal));
        Assert.Null(open!.RequiredEventNames);
    }
}
