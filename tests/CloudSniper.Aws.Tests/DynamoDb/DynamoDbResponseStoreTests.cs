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
}
