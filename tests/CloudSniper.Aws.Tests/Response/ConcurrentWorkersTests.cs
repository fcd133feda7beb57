using Amazon.Runtime;
using CloudSniper.Aws.Response;
using CloudSniper.Aws.Tests.Replay;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Tests.Response;

public class ConcurrentWorkersTests
{
    [Fact]
    public async Task TwoWorkersUpdatingOneIpSet_LoseNoUpdateAndAddNoDuplicate()
    {
        using var waf = new FakeWafService { HoldFirstReads = 2 };
        var store = new InMemoryResponseStore();
        var first = Worker(waf, store, ["45.155.0.1/32", "45.155.0.2/32", "45.155.0.3/32"]);
        var second = Worker(waf, store, ["45.155.0.3/32", "45.155.0.4/32"]);

        var outcomes = await Task.WhenAll(first, second);

        Assert.All(outcomes, o => Assert.Equal(ActionStatus.Executed, o.Status));
        Assert.Equal(["45.155.0.1/32", "45.155.0.2/32", "45.155.0.3/32", "45.155.0.4/32"], waf.Addresses.Order());
        Assert.Equal(1, waf.Conflicts);
        Assert.Equal(2, waf.Updates);
        Assert.Equal(4, (await store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken)).Count);
    }

    private static async Task<ActionOutcome> Worker(FakeWafService waf, IResponseStore store, string[] addresses)
    {
        await Task.Yield();
        using var clients = new AwsClientFactory(new AwsClientOptions { Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret"), SignedHandler = waf, Environment = _ => null, Delay = (_, _) => Task.CompletedTask });
        var action = new PlannedAction
        {
            Id = "act-" + addresses[0].GetHashCode(StringComparison.Ordinal),
            ActionKey = "waf-block",
            Phase = NistPhase.Containment,
            TargetKey = "waf-block|x",
            AccountId = "123456789012",
            Region = "eu-west-1",
            Parameters = System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty.Add("scope", "REGIONAL").Add("ip-version", "IPV4").Add("set", FakeWafService.Arn),
            Blocks = [.. addresses.Select(a => new PlannedBlock(a, "f", TimeSpan.FromHours(1), DateTimeOffset.UtcNow.AddHours(1), 1))],
        };
        var context = new ActionExecutionContext { Store = store, Options = new ResponseOptions(), Time = TimeProvider.System };
        return await new WafBlockExecutor(clients).ExecuteAsync(action, context, TestContext.Current.CancellationToken);
    }
}
