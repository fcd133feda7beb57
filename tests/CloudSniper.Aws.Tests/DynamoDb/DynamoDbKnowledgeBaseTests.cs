using Amazon.DynamoDBv2;
using CloudSniper.Aws.DynamoDb;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>The knowledge-base contract on dynalite, a fresh table per test; skipped with instructions when dynalite is not installed.</summary>
public sealed class DynamoDbKnowledgeBaseTests : KnowledgeBaseContract, IClassFixture<DynaliteFixture>
{
    private readonly AmazonDynamoDBClient _client;
    private readonly string _table = "kb-" + Guid.NewGuid().ToString("N");

    public DynamoDbKnowledgeBaseTests(DynaliteFixture dynalite)
    {
        ArgumentNullException.ThrowIfNull(dynalite);
        dynalite.EnsureRunning();
        _client = TestDynamoDbClients.For(dynalite.ServiceUrl);
    }

    /// <inheritdoc />
    protected override IKnowledgeBase Open(TimeProvider time) => new DynamoDbKnowledgeBase(_client, _table, time);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
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
