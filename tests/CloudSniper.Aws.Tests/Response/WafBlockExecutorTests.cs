using System.Text.Json.Nodes;
using CloudSniper.Aws.Response;
using CloudSniper.Aws.Tests.Replay;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Playbooks;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Tests.Response;

public class WafBlockExecutorTests
{
    private const string Arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/cloudsniper-blocked-ipv4/3f1c2a9e-6b1d-4c4e-9a57-0d2b7e8f9a10";

    private static readonly (string, string)[] Regional = [("scope", "REGIONAL"), ("ip-version", "IPV4"), ("set", "cloudsniper-blocked-ipv4")];

    [Fact]
    public async Task Execute_GivenBurstAgainstExistingSet_MergesEveryAddressInOneUpdate()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListIPSets", "wafv2.ListIPSets.http").Then("GetIPSet", "wafv2.GetIPSet.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.http");
        var addresses = Enumerable.Range(0, 1000).Select(i => $"45.155.{i / 256}.{i % 256}/32").ToList();

        var outcome = await new WafBlockExecutor(h.Clients).ExecuteAsync(h.Action("waf-block", addresses, Regional), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        var update = Assert.Single(h.Replay.Calls("UpdateIPSet"));
        var sent = JsonNode.Parse(update.Body)!["Addresses"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal(1001, sent.Count);
        Assert.Contains("81.2.69.160/32", sent);
        var blocks = await h.Store.ListBlocksAsync(new BlockQuery(Kind: BlockKind.Waf), TestContext.Current.CancellationToken);
        Assert.Equal(1000, blocks.Count);
        Assert.All(blocks, b => Assert.Equal(Arn, b.Target));
        Assert.Equal(h.Time.GetUtcNow().AddHours(24), blocks[0].ExpiresAt);
    }

    [Fact]
    public async Task Execute_GivenNoSet_CreatesTheDefaultSetThenUpdatesIt()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListIPSets", "wafv2.ListIPSets.empty.http").Then("CreateIPSet", "wafv2.CreateIPSet.http").Then("GetIPSet", "wafv2.GetIPSet.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.http");
        var outcome = await new WafBlockExecutor(h.Clients).ExecuteAsync(h.Action("waf-block", ["45.155.0.9/32"], Regional), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.StartsWith("created cloudsniper-blocked-ipv4", outcome.Message, StringComparison.Ordinal);
        var create = JsonNode.Parse(h.Replay.Calls("CreateIPSet").Single().Body)!;
        Assert.Equal("IPV4", create["IPAddressVersion"]!.GetValue<string>());
        Assert.Equal("cloudsniper:managed", create["Tags"]![0]!["Key"]!.GetValue<string>());
        DeclaredPermissions.AssertCovered(h.Replay, "waf-block");
    }

    [Fact]
    public async Task Execute_GivenConcurrentCreation_ListsAgainAndUsesTheOtherWorkersSet()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListIPSets", "wafv2.ListIPSets.empty.http").Then("CreateIPSet", "wafv2.CreateIPSet.WAFDuplicateItemException.http")
            .Then("ListIPSets", "wafv2.ListIPSets.http").Then("GetIPSet", "wafv2.GetIPSet.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.http");
        var outcome = await new WafBlockExecutor(h.Clients).ExecuteAsync(h.Action("waf-block", ["45.155.0.9/32"], Regional), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Equal(0, h.Replay.Remaining);
    }

    [Fact]
    public async Task Execute_GivenSetByArn_SkipsTheListing()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("GetIPSet", "wafv2.GetIPSet.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.http");
        var outcome = await new WafBlockExecutor(h.Clients).ExecuteAsync(h.Action("waf-block", ["45.155.0.9/32"], ("scope", "REGIONAL"), ("ip-version", "IPV4"), ("set", Arn)), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Empty(h.Replay.Calls("ListIPSets"));
    }

    [Fact]
    public async Task Execute_GivenOptimisticLockConflict_RereadsAndRetries()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListIPSets", "wafv2.ListIPSets.http")
            .Then("GetIPSet", "wafv2.GetIPSet.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.WAFOptimisticLockException.http")
            .Then("GetIPSet", "wafv2.GetIPSet.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.http");
        var outcome = await new WafBlockExecutor(h.Clients).ExecuteAsync(h.Action("waf-block", ["45.155.0.9/32"], Regional), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Equal(2, h.Replay.Calls("GetIPSet").Count());
        Assert.Equal(2, h.Replay.Calls("UpdateIPSet").Count());
    }

    [Fact]
    public async Task Execute_GivenAddressAlreadyInSet_MakesNoUpdate()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListIPSets", "wafv2.ListIPSets.http").Then("GetIPSet", "wafv2.GetIPSet.http");
        var outcome = await new WafBlockExecutor(h.Clients).ExecuteAsync(h.Action("waf-block", ["81.2.69.160/32"], Regional), h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Empty(h.Replay.Calls("UpdateIPSet"));
        Assert.Empty(await h.Store.ListBlocksAsync(new BlockQuery(IncludeRemoved: true), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Execute_GivenAddressPutInTheSetByOthers_ReportsItAndRecordsOnlyWhatItAdded()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListIPSets", "wafv2.ListIPSets.http").Then("GetIPSet", "wafv2.GetIPSet.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.http");

        var outcome = await new WafBlockExecutor(h.Clients).ExecuteAsync(h.Action("waf-block", ["81.2.69.160/32", "45.155.0.9/32"], Regional), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Contains("+1 address(es)", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("1 already in the set from elsewhere", outcome.Message, StringComparison.Ordinal);
        var sent = JsonNode.Parse(h.Replay.Calls("UpdateIPSet").Single().Body)!["Addresses"]!.AsArray().Select(a => a!.GetValue<string>());
        Assert.Equal(["81.2.69.160/32", "45.155.0.9/32"], sent);
        var recorded = await h.Store.ListBlocksAsync(new BlockQuery(IncludeRemoved: true), TestContext.Current.CancellationToken);
        Assert.Equal(["45.155.0.9/32"], recorded.Select(b => b.Address));
    }

    [Fact]
    public async Task Execute_GivenOurOwnBlockStillInTheSet_RefreshesItsExpiry()
    {
        using var h = new ExecutorHarness();
        var now = h.Time.GetUtcNow();
        await h.Store.UpsertBlocksAsync(
            [new BlockRecord { Id = BlockRecord.IdFor(BlockKind.Waf, Arn, "81.2.69.160/32"), Address = "81.2.69.160/32", Kind = BlockKind.Waf, Target = Arn, CreatedAt = now.AddHours(-20), ExpiresAt = now.AddHours(4) }],
            TestContext.Current.CancellationToken);
        h.Replay.Then("ListIPSets", "wafv2.ListIPSets.http").Then("GetIPSet", "wafv2.GetIPSet.http");

        var outcome = await new WafBlockExecutor(h.Clients).ExecuteAsync(h.Action("waf-block", ["81.2.69.160/32"], Regional), h.Context(), TestContext.Current.CancellationToken);

        Assert.Contains("1 already blocked by Cloud Sniper", outcome.Message, StringComparison.Ordinal);
        var block = Assert.Single(await h.Store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken));
        Assert.Equal(now.AddHours(24), block.ExpiresAt);
    }

    [Fact]
    public async Task ExpireAndUnblock_GivenAddressPutInTheSetByOthers_LeaveItInTheSet()
    {
        using var h = new ExecutorHarness();
        var registry = ActionRegistry.Default;
        var engine = new ResponseEngine([DefaultPlaybook.Load(registry)], registry, new ResponseGuards(AwsIpRanges.LoadBundled(), []), h.Options);
        var runner = new ResponseRunner(engine, h.Store, [new WafBlockExecutor(h.Clients)], null, h.Time);
        h.Replay.Then("ListIPSets", "wafv2.ListIPSets.http").Then("GetIPSet", "wafv2.GetIPSet.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.http");
        await new WafBlockExecutor(h.Clients).ExecuteAsync(h.Action("waf-block", ["81.2.69.160/32", "45.155.0.9/32"], Regional), h.Context(), TestContext.Current.CancellationToken);

        // The set as the block left it: the other team's address, then ours.
        var after = """{"IPSet":{"Name":"cloudsniper-blocked-ipv4","Id":"3f1c2a9e-6b1d-4c4e-9a57-0d2b7e8f9a10","ARN":"SETARN","IPAddressVersion":"IPV4","Addresses":["81.2.69.160/32","45.155.0.9/32"]},"LockToken":"9e2f7a61-0c4b-4d8e-b1a3-7f6e5d4c3b2a"}""".Replace("SETARN", Arn, StringComparison.Ordinal);
        h.Replay.ThenBody("GetIPSet", after, "application/x-amz-json-1.1").Then("UpdateIPSet", "wafv2.UpdateIPSet.http");
        h.Time.Advance(TimeSpan.FromHours(25));

        var expired = await runner.ExpireBlocksAsync(TestContext.Current.CancellationToken);
        var unblocked = await runner.UnblockAsync("81.2.69.160", TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, Assert.Single(expired).Outcome.Status);
        Assert.Equal(2, h.Replay.Calls("UpdateIPSet").Count());
        var sent = JsonNode.Parse(h.Replay.Calls("UpdateIPSet").Last().Body)!["Addresses"]!.AsArray().Select(a => a!.GetValue<string>());
        Assert.Equal(["81.2.69.160/32"], sent);
        Assert.Empty(unblocked);
        Assert.Equal(0, h.Replay.Remaining);
    }

    [Fact]
    public async Task Execute_GivenLimitsExceeded_FailsWithTheCode()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListIPSets", "wafv2.ListIPSets.http").Then("GetIPSet", "wafv2.GetIPSet.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.WAFLimitsExceededException.http");
        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => new WafBlockExecutor(h.Clients).ExecuteAsync(h.Action("waf-block", ["45.155.0.9/32"], Regional), h.Context(), TestContext.Current.CancellationToken));
        Assert.Equal("WAFLimitsExceededException", ex.ErrorCode);
        Assert.Empty(await h.Store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Execute_GivenAccessDenied_NamesTheMissingPermission()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("ListIPSets", "wafv2.ListIPSets.AccessDeniedException.http");
        var ex = await Assert.ThrowsAsync<ActionFailedException>(() => new WafBlockExecutor(h.Clients).ExecuteAsync(h.Action("waf-block", ["45.155.0.9/32"], Regional), h.Context(), TestContext.Current.CancellationToken));
        Assert.Equal("wafv2:ListIPSets", ex.MissingPermission);
        Assert.Contains("the role needs wafv2:ListIPSets", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_GivenFullSet_EvictsOurExpiredThenOldestAndNeverForeignAddresses()
    {
        using var h = new ExecutorHarness(new ResponseOptions { WafMaxAddressesPerSet = 4 });
        var now = h.Time.GetUtcNow();
        BlockRecord Ours(string address, DateTimeOffset created, DateTimeOffset expires) => new()
        {
            Id = BlockRecord.IdFor(BlockKind.Waf, Arn, address), Address = address, Kind = BlockKind.Waf, Target = Arn, CreatedAt = created, ExpiresAt = expires,
        };
        await h.Store.UpsertBlocksAsync(
            [Ours("45.155.1.1/32", now.AddHours(-2), now.AddHours(20)), Ours("45.155.1.2/32", now.AddHours(-30), now.AddHours(-1)), Ours("45.155.1.3/32", now.AddHours(-5), now.AddHours(19))],
            TestContext.Current.CancellationToken);
        var full = """{"IPSet":{"Name":"cloudsniper-blocked-ipv4","Id":"3f1c2a9e-6b1d-4c4e-9a57-0d2b7e8f9a10","ARN":"SETARN","IPAddressVersion":"IPV4","Addresses":["81.2.69.160/32","45.155.1.1/32","45.155.1.2/32","45.155.1.3/32"]},"LockToken":"6c1bd9a4-2a70-4c3e-9a1c-5e8f0a2b3c4d"}""".Replace("SETARN", Arn, StringComparison.Ordinal);
        h.Replay.Then("ListIPSets", "wafv2.ListIPSets.http").ThenBody("GetIPSet", full, "application/x-amz-json-1.1").Then("UpdateIPSet", "wafv2.UpdateIPSet.http");

        var outcome = await new WafBlockExecutor(h.Clients).ExecuteAsync(h.Action("waf-block", ["45.155.0.8/32", "45.155.0.9/32"], Regional), h.Context(), TestContext.Current.CancellationToken);

        var sent = JsonNode.Parse(h.Replay.Calls("UpdateIPSet").Single().Body)!["Addresses"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal(["81.2.69.160/32", "45.155.1.1/32", "45.155.0.8/32", "45.155.0.9/32"], sent);
        Assert.Contains("evicted 2 of ours", outcome.Message, StringComparison.Ordinal);
        var removed = (await h.Store.ListBlocksAsync(new BlockQuery(IncludeRemoved: true), TestContext.Current.CancellationToken)).Where(b => !b.InPlace).Select(b => b.Address).Order();
        Assert.Equal(["45.155.1.2/32", "45.155.1.3/32"], removed);
    }

    [Fact]
    public async Task RemoveBlocks_GivenExpiredBlocks_DeletesThemFromTheSet()
    {
        using var h = new ExecutorHarness();
        var block = new BlockRecord { Id = "blk-1", Address = "81.2.69.160/32", Kind = BlockKind.Waf, Target = Arn, AccountId = ExecutorHarness.Account, Region = ExecutorHarness.Region, CreatedAt = h.Time.GetUtcNow().AddDays(-2), ExpiresAt = h.Time.GetUtcNow().AddDays(-1) };
        await h.Store.UpsertBlocksAsync([block], TestContext.Current.CancellationToken);
        h.Replay.Then("GetIPSet", "wafv2.GetIPSet.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.WAFOptimisticLockException.http").Then("GetIPSet", "wafv2.GetIPSet.http").Then("UpdateIPSet", "wafv2.UpdateIPSet.http");
        var outcome = await new WafBlockExecutor(h.Clients).RemoveBlocksAsync([block], "expired", h.Context(), TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Empty(JsonNode.Parse(h.Replay.Calls("UpdateIPSet").Last().Body)!["Addresses"]!.AsArray());
        Assert.Empty(await h.Store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RemoveBlocks_GivenDeletedSet_ClosesTheRecords()
    {
        using var h = new ExecutorHarness();
        var block = new BlockRecord { Id = "blk-1", Address = "81.2.69.160/32", Kind = BlockKind.Waf, Target = Arn, CreatedAt = h.Time.GetUtcNow(), ExpiresAt = h.Time.GetUtcNow() };
        await h.Store.UpsertBlocksAsync([block], TestContext.Current.CancellationToken);
        h.Replay.Then("GetIPSet", "wafv2.GetIPSet.WAFNonexistentItemException.http");
        var outcome = await new WafBlockExecutor(h.Clients).RemoveBlocksAsync([block], "expired", h.Context(), TestContext.Current.CancellationToken);
        Assert.Contains("no longer exists", outcome.Message, StringComparison.Ordinal);
        var closed = Assert.Single(await h.Store.ListBlocksAsync(new BlockQuery(IncludeRemoved: true), TestContext.Current.CancellationToken));
        Assert.False(closed.InPlace);
    }
}
