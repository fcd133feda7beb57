using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Core.Iam.Retirement;

namespace CloudSniper.Aws.DynamoDb;

/// <summary>
/// The IAM retirement clock in the response store's DynamoDB table (created by <see cref="DynamoDbResponseStore"/>):
/// items with partition key <c>IAMCLOCK</c>, the credential as sort key and the first notification (Unix ms) in <c>at</c>.
/// </summary>
public sealed class DynamoDbRetirementClockStore(IAmazonDynamoDB client, string tableName) : IRetirementClockStore
{
    private const string Partition = "IAMCLOCK";

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> ListNoticesAsync(CancellationToken cancellationToken = default)
    {
        var notices = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                KeyConditionExpression = "PK = :pk",
                ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = Partition } },
                ExclusiveStartKey = start,
                ConsistentRead = true,
            }, cancellationToken).ConfigureAwait(false);
            foreach (var item in (page.Items ?? []).Where(i => i.ContainsKey("at")))
            {
                notices[item["SK"].S] = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["at"].N, CultureInfo.InvariantCulture));
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return notices;
    }

    /// <inheritdoc />
    public Task RecordNoticeAsync(string credential, DateTimeOffset at, CancellationToken cancellationToken = default) =>

        // if_not_exists keeps the first notice, so a repeated notification (or a second worker) never restarts the clock.
        client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = new() { ["PK"] = new AttributeValue { S = Partition }, ["SK"] = new AttributeValue { S = credential } },
            UpdateExpression = "SET #at = if_not_exists(#at, :at)",
            ExpressionAttributeNames = new() { ["#at"] = "at" },
            ExpressionAttributeValues = new() { [":at"] = new AttributeValue { N = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) } },
        }, cancellationToken);

    /// <inheritdoc />
    public async Task RemoveNoticesAsync(IReadOnlyCollection<string> credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        foreach (var credential in credentials)
        {
            // REMOVE rather than DeleteItem: the store's policy grants UpdateItem, and an item without "at" is no notice.
            await client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = new() { ["PK"] = new AttributeValue { S = Partition }, ["SK"] = new AttributeValue { S = credential } },
                UpdateExpression = "REMOVE #at",
                ExpressionAttributeNames = new() { ["#at"] = "at" },
            }, cancellationToken).ConfigureAwait(false);
        }
    }
}
