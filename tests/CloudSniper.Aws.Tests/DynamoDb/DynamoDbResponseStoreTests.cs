using Amazon.DynamoDBv2;
using CloudSniper.Aws.DynamoDb;
using CloudSniper.Core.Response.Store;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>The response-store contract on DynamoDB as moto implements it (one table a test).</summary>
public sealed class DynamoDbResponseStoreTests : ResponseStoreContract, IClassFixture<MotoServerFixture>
{
    private readonly AmazonDynamoDBClient _client;

    public DynamoDbResponseStoreTests(MotoServerFixture moto)
    {
        ArgumentNullException.ThrowIfNull(moto);
        moto.EnsureRunning();
        _client = TestDynamoDbClients.For(moto.ServiceUrl);
    }

    protected override async Task<IResponseStore> OpenAsync()
    {
        var store = new DynamoDbResponseStore(_client, "response-" + Guid.NewGuid().ToString("N"));
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    [Fact]
    public async Task UpsertBlocks_FromConcurrentWorkers_KeepsTheLatestExpiry()
    {
        await using var store = await OpenAsync();
        var start = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var writes = Enumerable.Range(1, 8).Select(i => Task.Run(() => store.UpsertBlocksAsync(
            [new BlockRecord { Id = "blk-1", Address = "45.155.0.9/32", Kind = BlockKind.Waf, Target = "arn:set", CreatedAt = start, ExpiresAt = start.AddHours(i) }],
            TestContext.Current.CancellationToken)));
        await Task.WhenAll(writes);
        var block = Assert.Single(await store.ListBlocksAsync(new BlockQuery(), TestContext.Current.CancellationToken));
        Assert.Equal(start.AddHours(8), block.ExpiresAt);
    }
}
