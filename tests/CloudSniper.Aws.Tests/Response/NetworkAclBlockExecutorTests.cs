using System.Text.Json.Nodes;
using System.Web;
using CloudSniper.Aws.Response;
using CloudSniper.Aws.Tests.Replay;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;
using static CloudSniper.Aws.Tests.Replay.Ec2Xml;

namespace CloudSniper.Aws.Tests.Response;

public class NetworkAclBlockExecutorTests
{
    private static readonly (string, string)[] Params = [("instance", Instance)];

    private static Dictionary<string, string> Form(RecordedRequest request) =>
        request.Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => HttpUtility.UrlDecode(p[0]), p => HttpUtility.UrlDecode(p.Length > 1 ? p[1] : ""));

    private static BlockRecord Ours(ExecutorHarness h, string address, int number, bool egress, double hoursAgo) => new()
    {
        Id = BlockRecord.IdFor(BlockKind.NetworkAcl, Acl, address, egress),
        Address = address,
        Kind = BlockKind.NetworkAcl,
        Target = Acl,
        AccountId = ExecutorHarness.Account,
        Region = ExecutorHarness.Region,
        RuleNumber = number,
        Egress = egress,
        CreatedAt = h.Time.GetUtcNow().AddHours(-hoursAgo),
        ExpiresAt = h.Time.GetUtcNow().AddHours(24 - hoursAgo),
    };

    [Fact]
    public async Task Execute_GivenInstance_DeniesIngressAndEgressInItsSubnetsAcl()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32", "2a0b:4140:1::1/128"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        var creates = h.Replay.Calls("CreateNetworkAclEntry").Select(Form).ToList();
        Assert.All(creates, c =>
        {
            Assert.Equal(Acl, c["NetworkAclId"]);
            Assert.Equal("-1", c["Protocol"]);
            Assert.Equal("deny", c["RuleAction"]);
        });
        Assert.Equal(["false", "false", "true", "true"], creates.Select(c => c["Egress"]));
        Assert.Equal(["1", "2", "1", "2"], creates.Select(c => c["RuleNumber"]));
        Assert.Equal("45.155.0.9/32", creates[0]["CidrBlock"]);
        Assert.Equal("2a0b:4140:1::1/128", creates[1]["Ipv6CidrBlock"]);
        Assert.Equal(Subnet, Form(h.Replay.Calls("DescribeNetworkAcls").Single())["Filter.1.Value.1"]);
        Assert.Equal(4, (await h.Store.ListBlocksAsync(new BlockQuery(Kind: BlockKind.NetworkAcl), TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task Execute_GivenForeignRules_StaysBelowThemAndNeverTouchesThem()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(1, false, "81.2.69.0/24"), new Entry(3, false, "81.2.70.0/24", "allow"), new Entry(3, true, "81.2.70.0/24", "allow")))
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");
        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Equal(["2", "1"], h.Replay.Calls("CreateNetworkAclEntry").Select(r => Form(r)["RuleNumber"]));
        Assert.Empty(h.Replay.Calls("DeleteNetworkAclEntry"));
    }

    [Fact]
    public async Task Execute_GivenAnAllowForTheAttackersCidr_InsertsTheDenyBelowIt()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(1, false, "81.2.69.0/24"), new Entry(5, false, "45.155.0.9/32", "allow"), new Entry(5, true, "45.155.0.9/32", "allow")))
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        var creates = h.Replay.Calls("CreateNetworkAclEntry").Select(Form).ToList();
        Assert.Equal([("false", "2"), ("true", "1")], creates.Select(c => (c["Egress"], c["RuleNumber"])));
        Assert.All(creates, c => Assert.Equal("deny", c["RuleAction"]));
        Assert.Equal(2, (await h.Store.ListBlocksAsync(new BlockQuery(Kind: BlockKind.NetworkAcl), TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task Execute_GivenADenyAfterABroaderAllow_InsertsADenyThatComesFirst()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(
                new Entry(10, false, "0.0.0.0/0", "allow"), new Entry(20, false, "45.155.0.9/32"),
                new Entry(10, true, "0.0.0.0/0", "allow"), new Entry(20, true, "45.155.0.9/32")))
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Equal(["1", "1"], h.Replay.Calls("CreateNetworkAclEntry").Select(r => Form(r)["RuleNumber"]));
        Assert.DoesNotContain("already", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_GivenTheLowestMatchingRuleIsSomeoneElsesDeny_CountsItAsBlockedWithoutRecordingIt()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(2, false, "45.155.0.0/24"), new Entry(3, false, "45.155.0.9/32", "allow"), new Entry(2, true, "45.155.0.9/32")));

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Contains("2 already denied by rules Cloud Sniper did not create", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(h.Replay.Calls("CreateNetworkAclEntry"));
        Assert.Empty(await h.Store.ListBlocksAsync(new BlockQuery(IncludeRemoved: true), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Execute_GivenAnAllowAtTheLowestUsableNumber_FailsSayingWhichRuleLetsTheAttackerIn()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(1, false, "45.155.0.9/32", "allow"), new Entry(1, true, "0.0.0.0/0", "allow")));

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Failed, outcome.Status);
        Assert.Contains("rule #1 allows 45.155.0.9/32 before the lowest rule number Cloud Sniper may use (1)", outcome.Message, StringComparison.Ordinal);
        Assert.Equal("NoFreeRuleNumber", outcome.ErrorCode);
        Assert.Empty(h.Replay.Calls("CreateNetworkAclEntry"));
        Assert.Empty(h.Replay.Calls("DeleteNetworkAclEntry"));
        Assert.Empty(await h.Store.ListBlocksAsync(new BlockQuery(IncludeRemoved: true), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Execute_GivenOurEntryNowPrecededByAnAllow_ReplacesItWithOneThatComesFirst()
    {
        using var h = new ExecutorHarness();
        await h.Store.UpsertBlocksAsync([Ours(h, "45.155.0.9/32", 5, false, 2), Ours(h, "45.155.0.9/32", 5, true, 2)], TestContext.Current.CancellationToken);
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(3, false, "0.0.0.0/0", "allow"), new Entry(5, false, "45.155.0.9/32"), new Entry(5, true, "45.155.0.9/32")))
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http")
            .Then("DeleteNetworkAclEntry", "ec2.DeleteNetworkAclEntry.http");

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        var create = Form(h.Replay.Calls("CreateNetworkAclEntry").Single());
        Assert.Equal(("false", "1"), (create["Egress"], create["RuleNumber"]));
        var delete = Form(h.Replay.Calls("DeleteNetworkAclEntry").Single());
        Assert.Equal(("false", "5"), (delete["Egress"], delete["RuleNumber"]));
        var blocks = await h.Store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken);
        Assert.Equal([(false, 1), (true, 5)], blocks.Select(b => (b.Egress == true, b.RuleNumber ?? 0)).Order());
        Assert.Contains("replaced 1 of ours", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_GivenAnIpv6DefaultAcl_DeniesBeforeItsIpv6Allow()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(101, false, "::/0", "allow"), new Entry(32768, false, "::/0"), new Entry(101, true, "::/0", "allow"), new Entry(32768, true, "::/0")))
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["2a0b:4140:1::1/128"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        var creates = h.Replay.Calls("CreateNetworkAclEntry").Select(Form).ToList();
        Assert.Equal(["1", "1"], creates.Select(c => c["RuleNumber"]));
        Assert.All(creates, c => Assert.Equal("2a0b:4140:1::1/128", c["Ipv6CidrBlock"]));
    }

    [Fact]
    public async Task Execute_GivenNumberTakenMeanwhile_MovesToTheNextNumber()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.NetworkAclEntryAlreadyExists.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(1, false, "81.2.69.0/24")))
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");
        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Equal(["1", "2", "1"], h.Replay.Calls("CreateNetworkAclEntry").Select(r => Form(r)["RuleNumber"]));
        var ingress = (await h.Store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken)).Single(b => b.Egress == false);
        Assert.Equal(2, ingress.RuleNumber);
    }

    [Fact]
    public async Task Execute_GivenAnotherWorkerDeniedTheSameBlockMeanwhile_AddsNoDuplicate()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.NetworkAclEntryAlreadyExists.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(1, false, "45.155.0.9/32"), new Entry(1, true, "45.155.0.9/32")));
        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Single(h.Replay.Calls("CreateNetworkAclEntry"));
        Assert.Equal(0, h.Replay.Remaining);
    }

    [Fact]
    public async Task Execute_GivenQuotaReached_EvictsOurOldestEntryOfThatDirectionAndFamily()
    {
        using var h = new ExecutorHarness(new ResponseOptions { AclQuotaPerDirection = 4 });
        await h.Store.UpsertBlocksAsync([Ours(h, "45.155.1.1/32", 1, false, 5), Ours(h, "45.155.1.2/32", 2, false, 9), Ours(h, "45.155.1.1/32", 1, true, 5)], TestContext.Current.CancellationToken);
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(1, false, "45.155.1.1/32"), new Entry(2, false, "45.155.1.2/32"), new Entry(1, true, "45.155.1.1/32")))
            .Then("DeleteNetworkAclEntry", "ec2.DeleteNetworkAclEntry.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        var delete = Form(h.Replay.Calls("DeleteNetworkAclEntry").Single());
        Assert.Equal(("2", "false"), (delete["RuleNumber"], delete["Egress"]));
        Assert.Equal("2", Form(h.Replay.Calls("CreateNetworkAclEntry").First())["RuleNumber"]);
        Assert.Contains("evicted 1", outcome.Message, StringComparison.Ordinal);
        var evicted = (await h.Store.ListBlocksAsync(new BlockQuery(IncludeRemoved: true, Address: "45.155.1.2/32"), TestContext.Current.CancellationToken)).Single();
        Assert.Equal("evicted: network ACL quota", evicted.RemovedReason);
        DeclaredPermissions.AssertCovered(h.Replay, "nacl-block");
    }

    /// <summary>Our three entries of the recorded ACL at its quota (ingress #1-#3); #2 is the oldest.</summary>
    private static async Task SeedOursAtQuotaAsync(ExecutorHarness h) =>
        await h.Store.UpsertBlocksAsync([Ours(h, "45.155.1.1/32", 1, false, 5), Ours(h, "45.155.1.2/32", 2, false, 9), Ours(h, "45.155.1.3/32", 3, false, 7)], TestContext.Current.CancellationToken);

    [Fact]
    public async Task Execute_GivenAnAclHoldingExactlyTheQuota_EvictsOurOldestEntryBeforeTheCreate()
    {
        using var h = new ExecutorHarness();
        await SeedOursAtQuotaAsync(h);
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.AtQuota.http")
            .Then("GetServiceQuota", "servicequotas.GetServiceQuota.http")
            .Then("DeleteNetworkAclEntry", "ec2.DeleteNetworkAclEntry.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Equal(["DescribeInstances", "DescribeNetworkAcls", "GetServiceQuota", "DeleteNetworkAclEntry", "CreateNetworkAclEntry", "CreateNetworkAclEntry"], h.Replay.Requests.Select(r => r.Operation));
        var delete = Form(h.Replay.Calls("DeleteNetworkAclEntry").Single());
        Assert.Equal(("2", "false"), (delete["RuleNumber"], delete["Egress"]));
        var ingress = Form(h.Replay.Calls("CreateNetworkAclEntry").First());
        Assert.Equal(("false", "2"), (ingress["Egress"], ingress["RuleNumber"]));
        var quotaRequest = JsonNode.Parse(h.Replay.Calls("GetServiceQuota").Single().Body)!;
        Assert.Equal(("vpc", "L-2AEEBF1A"), (quotaRequest["ServiceCode"]!.GetValue<string>(), quotaRequest["QuotaCode"]!.GetValue<string>()));
        Assert.Equal("evicted: network ACL quota", (await h.Store.ListBlocksAsync(new BlockQuery(IncludeRemoved: true, Address: "45.155.1.2/32"), TestContext.Current.CancellationToken)).Single().RemovedReason);
        DeclaredPermissions.AssertCovered(h.Replay, "nacl-block");
    }

    [Fact]
    public async Task Execute_GivenARaisedQuotaOf40_AddsWithoutEvicting()
    {
        using var h = new ExecutorHarness();
        await SeedOursAtQuotaAsync(h);
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.AtQuota.http")
            .Then("GetServiceQuota", "servicequotas.GetServiceQuota.raised.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Empty(h.Replay.Calls("DeleteNetworkAclEntry"));
        Assert.Equal("19", Form(h.Replay.Calls("CreateNetworkAclEntry").First())["RuleNumber"]);
        Assert.Equal(0, h.Replay.Remaining);
    }

    [Fact]
    public async Task Execute_GivenServiceQuotasDenied_AssumesTheAwsDefaultOf20AndEvicts()
    {
        using var h = new ExecutorHarness();
        await SeedOursAtQuotaAsync(h);
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.AtQuota.http")
            .Then("GetServiceQuota", "servicequotas.GetServiceQuota.AccessDeniedException.http")
            .Then("GetAWSDefaultServiceQuota", "servicequotas.GetAWSDefaultServiceQuota.AccessDeniedException.http")
            .Then("DeleteNetworkAclEntry", "ec2.DeleteNetworkAclEntry.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Equal("2", Form(h.Replay.Calls("DeleteNetworkAclEntry").Single())["RuleNumber"]);
        Assert.Equal(0, h.Replay.Remaining);
    }

    [Fact]
    public async Task Execute_GivenNoAppliedQuotaValue_UsesTheAwsDefaultFromServiceQuotas()
    {
        using var h = new ExecutorHarness();
        await SeedOursAtQuotaAsync(h);
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.AtQuota.http")
            .Then("GetServiceQuota", "servicequotas.GetServiceQuota.NoSuchResourceException.http")
            .Then("GetAWSDefaultServiceQuota", "servicequotas.GetAWSDefaultServiceQuota.http")
            .Then("DeleteNetworkAclEntry", "ec2.DeleteNetworkAclEntry.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Single(h.Replay.Calls("DeleteNetworkAclEntry"));
        DeclaredPermissions.AssertCovered(h.Replay, "nacl-block");
    }

    [Fact]
    public async Task Execute_GivenAnAclAtQuotaWithNoEntryOfOurs_FailsBeforeAnyCreateNamingTheQuota()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.AtQuota.http")
            .Then("GetServiceQuota", "servicequotas.GetServiceQuota.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Partial, outcome.Status);
        Assert.Contains("20 ingress IPv4 rules, the default one included, reach the quota of 20, applied, from Service Quotas", outcome.Message, StringComparison.Ordinal);
        Assert.Equal("true", Form(h.Replay.Calls("CreateNetworkAclEntry").Single())["Egress"]);
        Assert.Empty(h.Replay.Calls("DeleteNetworkAclEntry"));
    }

    [Fact]
    public async Task Execute_GivenNetworkAclEntryLimitExceededWithNoEntryOfOurs_FailsWithAClearReason()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.NetworkAclEntryLimitExceeded.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.NetworkAclEntryLimitExceeded.http");

        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Failed, outcome.Status);
        Assert.Equal("NetworkAclEntryLimitExceeded", outcome.ErrorCode);
        Assert.Contains("AWS refused the ingress entry for 45.155.0.9/32 with NetworkAclEntryLimitExceeded", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("none of its ingress IPv4 rules is Cloud Sniper's to evict", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(h.Replay.Calls("DeleteNetworkAclEntry"));
        Assert.Empty(await h.Store.ListBlocksAsync(new BlockQuery(IncludeRemoved: true), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Execute_GivenQuotaUsedByForeignEntries_FailsWithoutTouchingThem()
    {
        using var h = new ExecutorHarness(new ResponseOptions { AclQuotaPerDirection = 3 });
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(10, false, "81.2.69.0/24"), new Entry(10, true, "81.2.69.0/24")));
        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Failed, outcome.Status);
        Assert.Contains("did not create", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(h.Replay.Calls("DeleteNetworkAclEntry"));
        Assert.Empty(h.Replay.Calls("CreateNetworkAclEntry"));
    }

    [Fact]
    public async Task Execute_GivenAccountLimitLowerThanConfigured_EvictsOursAndRetries()
    {
        using var h = new ExecutorHarness();
        await h.Store.UpsertBlocksAsync([Ours(h, "45.155.1.1/32", 1, false, 5)], TestContext.Current.CancellationToken);
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(1, false, "45.155.1.1/32")))
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.NetworkAclEntryLimitExceeded.http")
            .Then("DeleteNetworkAclEntry", "ec2.DeleteNetworkAclEntry.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");
        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Equal(0, h.Replay.Remaining);
    }

    [Fact]
    public async Task Execute_GivenEntryRemovedByHand_NoticesAndRepairsTheRecordWithoutHalting()
    {
        using var h = new ExecutorHarness();
        await h.Store.UpsertBlocksAsync([Ours(h, "45.155.1.1/32", 1, false, 5)], TestContext.Current.CancellationToken);
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");
        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Contains("1 removed by hand", outcome.Message, StringComparison.Ordinal);
        Assert.Equal("1", Form(h.Replay.Calls("CreateNetworkAclEntry").First())["RuleNumber"]);
        var repaired = (await h.Store.ListBlocksAsync(new BlockQuery(IncludeRemoved: true, Address: "45.155.1.1/32"), TestContext.Current.CancellationToken)).Single();
        Assert.StartsWith("missing", repaired.RemovedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_GivenReplayedFinding_AddsNoDuplicateEntry()
    {
        using var h = new ExecutorHarness();
        await h.Store.UpsertBlocksAsync([Ours(h, "45.155.0.9/32", 1, false, 1), Ours(h, "45.155.0.9/32", 1, true, 1)], TestContext.Current.CancellationToken);
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http")
            .ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(1, false, "45.155.0.9/32"), new Entry(1, true, "45.155.0.9/32")));
        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Empty(h.Replay.Calls("CreateNetworkAclEntry"));
    }

    [Fact]
    public async Task Execute_GivenMissingInstance_FailsWithTheCode()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.InvalidInstanceID.NotFound.http");
        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken));
        Assert.Equal("InvalidInstanceID.NotFound", ex.ErrorCode);
    }

    [Fact]
    public async Task Execute_GivenAccessDeniedOnCreate_FailsNamingThePermission()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.UnauthorizedOperation.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.UnauthorizedOperation.http");
        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Failed, outcome.Status);
        Assert.Equal("UnauthorizedOperation", outcome.ErrorCode);
        Assert.Equal("ec2:CreateNetworkAclEntry", outcome.MissingPermission);
    }

    [Fact]
    public async Task Execute_GivenThrottledDescribe_RetriesThroughTheSdk()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("DescribeInstances", "ec2.DescribeInstances.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.RequestLimitExceeded.http").Then("DescribeNetworkAcls", "ec2.DescribeNetworkAcls.http")
            .Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http").Then("CreateNetworkAclEntry", "ec2.CreateNetworkAclEntry.http");
        var outcome = await new NetworkAclBlockExecutor(h.Clients).ExecuteAsync(h.Action("nacl-block", ["45.155.0.9/32"], Params), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
    }

    [Fact]
    public async Task RemoveBlocks_DeletesOurEntriesAndClosesRecordsOfEntriesAlreadyGone()
    {
        using var h = new ExecutorHarness();
        var present = Ours(h, "45.155.1.1/32", 1, false, 30);
        var gone = Ours(h, "45.155.1.2/32", 2, false, 30);
        await h.Store.UpsertBlocksAsync([present, gone], TestContext.Current.CancellationToken);
        h.Replay.ThenBody("DescribeNetworkAcls", NetworkAcls(new Entry(1, false, "45.155.1.1/32"))).Then("DeleteNetworkAclEntry", "ec2.DeleteNetworkAclEntry.InvalidNetworkAclEntry.NotFound.http");
        var outcome = await new NetworkAclBlockExecutor(h.Clients).RemoveBlocksAsync([present, gone], "expired", h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Equal("1", Form(h.Replay.Calls("DeleteNetworkAclEntry").Single())["RuleNumber"]);
        Assert.Empty(await h.Store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken));
    }
}
