using Amazon.DynamoDBv2;
using CloudSniper.Aws.DynamoDb;
using CloudSniper.Core.Jobs;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>The job-store contract on dynalite: one knowledge-base table per test, shared by every store object of it.</summary>
public sealed class DynamoDbJobStoreTests : JobStoreContract, IClassFixture<DynaliteFixture>, IAsyncDisposable
{
    private readonly AmazonDynamoDBClient _client;
    private readonly string _table = "jobs-" + Guid.NewGuid().ToString("N");

    public DynamoDbJobStoreTests(DynaliteFixture dynalite)
    {
        ArgumentNullException.ThrowIfNull(dynalite);
        dynalite.EnsureRunning();
        _client = TestDynamoDbClients.For(dynalite.ServiceUrl);
    }

    protected override IJobStore Open(TimeProvider time) => new DynamoDbJobStore(_client, _table, time);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.DeleteTableAsync(_table);
        }
        catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
        {
        }

        _client.Dispose();
    }
}
