using System.Text.Json.Nodes;
using Amazon.Runtime;
using CloudSniper.Aws.Signing;
using CloudSniper.Aws.Tests.Replay;

namespace CloudSniper.Aws.Tests.Signing;

/// <summary>The DNS Firewall calls against recorded Route 53 Resolver answers, each documented error of each call included.</summary>
public sealed class Route53ResolverClientTests
{
    private const string Group = "rslvr-frg-0a1b2c3d4e5f6789";
    private const string List = "rslvr-fdl-4f0e6d2a8b9c1357";
    private readonly ReplayHandler _replay = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Route53ResolverClient Resolver(int attempts = 3) => new(new SignedAwsClient(Route53ResolverClient.Service, "eu-west-1", new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new SignedClientOptions
    {
        Handler = _replay,
        Environment = _ => null,
        MaxAttempts = attempts,
        Delay = (_, _) => Task.CompletedTask,
    }));

    [Fact]
    public async Task Finding_the_list_follows_pages_skips_AWS_managed_lists_and_signs_for_route53resolver()
    {
        _replay.Then("ListFirewallDomainLists", "route53resolver.ListFirewallDomainLists.http").Then("ListFirewallDomainLists", "route53resolver.ListFirewallDomainLists.page2.http");
        Assert.Equal(List, await Resolver().FindDomainListAsync("cloudsniper-blocked-domains", Ct));
        Assert.Equal(2, _replay.Requests.Count);
        var first = _replay.Requests[0];
        Assert.Equal("Route53Resolver.ListFirewallDomainLists", first.Headers["X-Amz-Target"]);
        Assert.Equal("route53resolver.eu-west-1.amazonaws.com", first.Uri.Host);
        Assert.Contains("/eu-west-1/route53resolver/aws4_request", first.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("AAMA-EFRSURBSGgxbmVjdGlvbnMtcGFnZS0y", JsonNode.Parse(_replay.Requests[1].Body)!["NextToken"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_AWS_managed_list_of_the_same_name_is_not_ours()
    {
        _replay.Then("ListFirewallDomainLists", "route53resolver.ListFirewallDomainLists.http").Then("ListFirewallDomainLists", "route53resolver.ListFirewallDomainLists.page2.http");
        Assert.Null(await Resolver().FindDomainListAsync("AWSManagedDomainsMalwareDomainList", Ct));
        _replay.Then("ListFirewallDomainLists", "route53resolver.ListFirewallDomainLists.empty.http");
        Assert.Null(await Resolver().FindDomainListAsync("cloudsniper-blocked-domains", Ct));
    }

    [Fact]
    public async Task Creating_the_list_sends_an_idempotency_token_and_tags()
    {
        _replay.Then("CreateFirewallDomainList", "route53resolver.CreateFirewallDomainList.http");
        var id = await Resolver().CreateDomainListAsync("cloudsniper-blocked-domains", "cloudsniper-blocked-domains-eu-west-1", new Dictionary<string, string> { ["managed-by"] = "cloud-sniper" }, Ct);
        Assert.Equal(List, id);
        var body = JsonNode.Parse(Assert.Single(_replay.Requests).Body)!;
        Assert.Equal("cloudsniper-blocked-domains-eu-west-1", body["CreatorRequestId"]!.GetValue<string>());
        Assert.Equal("cloud-sniper", body["Tags"]![0]!["Value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rules_are_read_with_their_list_priority_and_response()
    {
        _replay.Then("ListFirewallRules", "route53resolver.ListFirewallRules.http");
        var rules = await Resolver().ListRulesAsync(Group, Ct);
        Assert.Equal([new DnsFirewallRule("aws-malware", "rslvr-fdl-2c46f2ecbfec4dcc", 100, "BLOCK", "NODATA"), new DnsFirewallRule("cloudsniper-block", List, 50, "BLOCK", "NXDOMAIN")], rules);
        _replay.Then("ListFirewallRules", "route53resolver.ListFirewallRules.empty.http");
        Assert.Empty(await Resolver().ListRulesAsync(Group, Ct));
    }

    [Theory]
    [InlineData("NXDOMAIN")]
    [InlineData("NODATA")]
    public async Task A_block_rule_answers_as_asked(string response)
    {
        _replay.Then("CreateFirewallRule", "route53resolver.CreateFirewallRule.http");
        await Resolver().CreateBlockRuleAsync(Group, List, 50, response, "cloudsniper-block", "cloudsniper-block-" + Group, Ct);
        var body = JsonNode.Parse(Assert.Single(_replay.Requests).Body)!;
        Assert.Equal("BLOCK", body["Action"]!.GetValue<string>());
        Assert.Equal(response, body["BlockResponse"]!.GetValue<string>());
        Assert.Equal(50, body["Priority"]!.GetValue<int>());
        Assert.Equal(List, body["FirewallDomainListId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_nxdomain_and_nodata_blocks_and_add_or_remove_updates_are_sent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Resolver().CreateBlockRuleAsync(Group, List, 50, "OVERRIDE", "x", "y", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Resolver().UpdateDomainsAsync(List, "REPLACE", ["a.example"], Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Resolver().UpdateDomainsAsync(List, "ADD", [], Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Resolver().UpdateDomainsAsync(List, "ADD", [.. Enumerable.Range(0, 1001).Select(i => $"d{i}.example")], Ct));
        Assert.Empty(_replay.Requests);
    }

    [Fact]
    public async Task Domains_are_added_and_removed_by_operation()
    {
        _replay.Then("UpdateFirewallDomains", "route53resolver.UpdateFirewallDomains.http").Then("UpdateFirewallDomains", "route53resolver.UpdateFirewallDomains.http");
        Assert.Equal("UPDATING", await Resolver().UpdateDomainsAsync(List, "ADD", ["exfil-tunnel.net", "*.exfil-tunnel.net"], Ct));
        await Resolver().UpdateDomainsAsync(List, "REMOVE", ["exfil-tunnel.net", "*.exfil-tunnel.net"], Ct);
        var add = JsonNode.Parse(_replay.Requests[0].Body)!;
        Assert.Equal("ADD", add["Operation"]!.GetValue<string>());
        Assert.Equal(["exfil-tunnel.net", "*.exfil-tunnel.net"], add["Domains"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal("REMOVE", JsonNode.Parse(_replay.Requests[1].Body)!["Operation"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("ListFirewallDomainLists", "AccessDeniedException", typeof(AwsAccessDeniedException))]
    [InlineData("ListFirewallDomainLists", "ValidationException", typeof(AwsInvalidParameterException))]
    [InlineData("CreateFirewallDomainList", "LimitExceededException", typeof(AwsLimitExceededException))]
    [InlineData("CreateFirewallDomainList", "ValidationException", typeof(AwsInvalidParameterException))]
    [InlineData("ListFirewallRules", "ResourceNotFoundException", typeof(AwsNotFoundException))]
    [InlineData("CreateFirewallRule", "ResourceNotFoundException", typeof(AwsNotFoundException))]
    [InlineData("CreateFirewallRule", "LimitExceededException", typeof(AwsLimitExceededException))]
    [InlineData("CreateFirewallRule", "ValidationException", typeof(AwsInvalidParameterException))]
    [InlineData("UpdateFirewallDomains", "ResourceNotFoundException", typeof(AwsNotFoundException))]
    [InlineData("UpdateFirewallDomains", "LimitExceededException", typeof(AwsLimitExceededException))]
    [InlineData("UpdateFirewallDomains", "ValidationException", typeof(AwsInvalidParameterException))]
    [InlineData("UpdateFirewallDomains", "AccessDeniedException", typeof(AwsAccessDeniedException))]
    [InlineData("UpdateFirewallDomains", "ConflictException", typeof(AwsServiceException))]
    public async Task Documented_errors_surface_typed_with_the_permission_and_are_not_retried(string operation, string error, Type expected)
    {
        _replay.Then(operation, $"route53resolver.{operation}.{error}.http");
        var ex = await Assert.ThrowsAnyAsync<AwsServiceException>(() => Call(Resolver(), operation));
        Assert.IsType(expected, ex);
        Assert.Equal(error, ex.ErrorCode);
        Assert.Equal("route53resolver:" + operation, ex.Permission);
        Assert.Single(_replay.Requests);
    }

    [Theory]
    [InlineData("ThrottlingException", typeof(AwsThrottlingException))]
    [InlineData("InternalServiceErrorException", typeof(AwsServiceException))]
    public async Task Throttling_and_internal_errors_are_retried_then_surface(string error, Type expected)
    {
        var file = $"route53resolver.ListFirewallDomainLists.{error}.http";
        _replay.Then("ListFirewallDomainLists", file).Then("ListFirewallDomainLists", "route53resolver.ListFirewallDomainLists.page2.http");
        Assert.Equal(List, await Resolver().FindDomainListAsync("cloudsniper-blocked-domains", Ct));
        Assert.Equal(2, _replay.Requests.Count);

        _replay.Then("ListFirewallDomainLists", file).Then("ListFirewallDomainLists", file);
        var ex = await Assert.ThrowsAnyAsync<AwsServiceException>(() => Resolver(attempts: 2).FindDomainListAsync("x", Ct));
        Assert.IsType(expected, ex);
        Assert.Equal(error, ex.ErrorCode);
    }

    private static Task Call(Route53ResolverClient r, string operation) => operation switch
    {
        "ListFirewallDomainLists" => r.FindDomainListAsync("cloudsniper-blocked-domains", Ct),
        "CreateFirewallDomainList" => r.CreateDomainListAsync("cloudsniper-blocked-domains", "token", new Dictionary<string, string>(), Ct),
        "ListFirewallRules" => r.ListRulesAsync(Group, Ct),
        "CreateFirewallRule" => r.CreateBlockRuleAsync(Group, List, 50, "NXDOMAIN", "cloudsniper-block", "token", Ct),
        _ => r.UpdateDomainsAsync(List, "ADD", ["exfil-tunnel.net"], Ct),
    };
}
