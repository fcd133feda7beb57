using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Aws.DynamoDb;

/// <summary>
/// The knowledge base on one DynamoDB table, for N stateless workers sharing it. Nothing is read-modified-written:
/// counters grow with ADD, sets with ADD, times and maxima move only forward under conditions, a sighting and the
/// counter it increments are written in one transaction, and a finding is stored last, conditioned on its update
/// time, so a worker that dies mid-batch leaves nothing a replay would double count. Reads by key are strongly
/// consistent; listings come from the global index and are eventually consistent. An indicator or incident keeps
/// the first <see cref="KnowledgeBaseRules.MaxFindingIds"/> finding ids it is given (a string set has no order to
/// evict by); its sighting count stays exact.
/// </summary>
public sealed partial class DynamoDbKnowledgeBase : IKnowledgeBase
{
    private const int Parallelism = 16;
    private const int MaxAttempts = 8;

    private readonly IAmazonDynamoDB _client;
    private readonly string _table;
    private readonly TimeProvider _time;

    // Null until the first transaction tells whether the endpoint has TransactWriteItems (DynamoDB does; some
    // emulators such as dynalite do not, and get the two-step write described at WriteSightingsAsync).
    private bool? _transactions;

    /// <summary>Creates a knowledge base on <paramref name="tableName"/>; the client is the caller's and is not disposed here.</summary>
    public DynamoDbKnowledgeBase(IAmazonDynamoDB client, string tableName, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _client = client;
        _table = tableName;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The table name.</summary>
    public string TableName => _table;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        TableDescription? table = null;
        try
        {
            table = (await _client.DescribeTableAsync(_table, cancellationToken).ConfigureAwait(false)).Table;
        }
        catch (ResourceNotFoundException)
        {
            try
            {
                await _client.CreateTableAsync(CreateTableRequest(), cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceInUseException)
            {
                // Another worker is creating it.
            }
        }

        for (var delay = 50; !IsActive(table); delay = Math.Min(delay * 2, 2_000))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay), _time, cancellationToken).ConfigureAwait(false);
            table = (await _client.DescribeTableAsync(_table, cancellationToken).ConfigureAwait(false)).Table;
        }

        await EnableTtlAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private CreateTableRequest CreateTableRequest() => new()
    {
        TableName = _table,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new AttributeDefinition(DynamoItems.Pk, ScalarAttributeType.S),
            new AttributeDefinition(DynamoItems.Sk, ScalarAttributeType.S),
            new AttributeDefinition(DynamoItems.Gsi1Pk, ScalarAttributeType.S),
            new AttributeDefinition(DynamoItems.Gsi1Sk, ScalarAttributeType.S),
        ],
        KeySchema = [new KeySchemaElement(DynamoItems.Pk, KeyType.HASH), new KeySchemaElement(DynamoItems.Sk, KeyType.RANGE)],
        GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = DynamoItems.Gsi1,
                KeySchema = [new KeySchemaElement(DynamoItems.Gsi1Pk, KeyType.HASH), new KeySchemaElement(DynamoItems.Gsi1Sk, KeyType.RANGE)],
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            },
        ],
    };

    private static bool IsActive(TableDescription? table) =>
        table is not null
        && table.TableStatus == TableStatus.ACTIVE
        && (table.GlobalSecondaryIndexes ?? []).All(i => i.IndexStatus == IndexStatus.ACTIVE);

    private async Task EnableTtlAsync(CancellationToken cancellationToken)
    {
        try
        {
            var ttl = await _client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = _table }, cancellationToken).ConfigureAwait(false);
            var status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
            if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING)
            {
                return;
            }

            await _client.UpdateTimeToLiveAsync(
                new UpdateTimeToLiveRequest
                {
                    TableName = _table,
                    TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = DynamoItems.Ttl, Enabled = true },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonDynamoDBException e) when (e.ErrorCode is "UnknownOperationException" or "ValidationException")
        {
            // Emulators without TTL (dynalite) keep expired items; listings filter on expiresAt either way.
        }
    }

    private static bool IsUnknownOperation(AmazonDynamoDBException e) => e.ErrorCode == "UnknownOperationException";

    private async Task BackoffAsync(int attempt, CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(1_000, 20 << Math.Min(attempt, 6));
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(ceiling / 2, ceiling)), _time, cancellationToken).ConfigureAwait(false);
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, CancellationToken cancellationToken, Func<T, CancellationToken, ValueTask> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, body);
}
