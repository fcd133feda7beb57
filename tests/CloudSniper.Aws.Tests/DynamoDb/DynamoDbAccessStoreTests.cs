using Amazon.DynamoDBv2;
using CloudSniper.Aws.DynamoDb;
using CloudSniper.Core.Access;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>The access-store contract on dynalite, in a fresh knowledge-base table per test.</summary>
public sealed class DynamoDbAccessStoreTests : AccessStoreContract, IClassFixture<DynaliteFixture>
{
    private readonly AmazonDynamoDBClient _client;

    public DynamoDbAccessStoreTests(DynaliteFixture dynalite)
    {
        ArgumentNullException.ThrowIfNull(dynalite);
        dynalite.EnsureRunning();
        _client = TestDynamoDbClients.For(dynalite.ServiceUrl);
    }

    protected override async Task<(IApiKeyStore Keys, IReplayGuard Replay)> OpenAsync(TimeProvider time)
    {
        var store = new DynamoDbAccessStore(_client, "access-" + Guid.NewGuid().ToString("N"), time);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return (store, store);
    }
}
