using Amazon.DynamoDBv2;
using CloudSniper.Aws.DynamoDb;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>
/// The knowledge-base contract on moto, whose DynamoDB has TransactWriteItems (dynalite has not), so the
/// transactional sighting path runs too; skipped with instructions when python3 or moto is missing.
/// </summary>
public sealed class DynamoDbKnowledgeBaseOnMotoTests : KnowledgeBaseContract, IClassFixture<MotoServerFixture>
{
    private readonly AmazonDynamoDBClient _client;
    private readonly string _table = "kb-" + Guid.NewGuid().ToString("N");

    public DynamoDbKnowledgeBaseOnMotoTests(MotoServerFixture moto)
    {
        ArgumentNullException.ThrowIfNull(moto);
        moto.EnsureRunning();
        _client = TestDynamoDbClients.For(moto.ServiceUrl);
    }

    /// <inheritdoc />
    protected override string? ConcurrencySkipReason =>
        "moto checks the conditions of concurrent TransactWriteItems calls without isolating them from each other, so two "
        + "writers can both create one sighting; the concurrent-writer guarantees are checked against dynalite, which serialises writes per item";

    /// <inheritdoc />
    protected override string? HotItemSkipReason =>
        "moto answers some of a thousand back-to-back transactions on one item with an internal error on a loaded machine; "
        + "the hot-item guarantees are checked against dynalite and SQLite";

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
