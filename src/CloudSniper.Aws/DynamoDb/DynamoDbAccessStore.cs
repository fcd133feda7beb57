using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Core.Access;

namespace CloudSniper.Aws.DynamoDb;

/// <summary>
/// API keys and remembered feed signatures in the knowledge base's DynamoDB table. Keys: <c>APIKEY#name/META</c>
/// (listed through GSI1 partition <c>APIKEY</c>), <c>APIKEYHASH#hash/META</c> pointing at the name, and
/// <c>FEEDSIG#feed#signature/META</c> with a TTL. Conditional puts make creation and replay detection atomic across
/// workers.
/// </summary>
public sealed class DynamoDbAccessStore(IAmazonDynamoDB client, string tableName, TimeProvider? time = null) : IApiKeyStore, IReplayGuard
{
    private const string KeyPartition = "APIKEY";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    /// <remarks>The table is created by the knowledge base on the same table name.</remarks>
    public async Task InitializeAsync(CancellationToken cancellationToken = default) =>
        await new DynamoDbKnowledgeBase(client, tableName, _time).InitializeAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> CreateAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var item = DynamoItems.Key("APIKEY#" + key.Name, DynamoItems.Meta);
        item[DynamoItems.Gsi1Pk] = S(KeyPartition);
        item[DynamoItems.Gsi1Sk] = S(key.Name);
        item["name"] = S(key.Name);
        item["role"] = S(key.Role.ToString().ToLowerInvariant());
        item["accounts"] = S(string.Join(',', key.Accounts.IsDefault ? [] : key.Accounts));
        item["hash"] = S(key.Hash);
        item["createdAt"] = N(key.CreatedAt.ToUnixTimeMilliseconds());
        if (key.RevokedAt is { } revoked)
        {
            item["revokedAt"] = N(revoked.ToUnixTimeMilliseconds());
        }

        try
        {
            // Conditional put: "attribute_not_exists(PK)" fails with ConditionalCheckFailedException when the item exists
            // (DynamoDB Developer Guide, "Condition expressions", preventing overwrites of an existing item).
            await client.PutItemAsync(new PutItemRequest { TableName = tableName, Item = item, ConditionExpression = "attribute_not_exists(PK)" }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }

        var pointer = DynamoItems.Key("APIKEYHASH#" + key.Hash, DynamoItems.Meta);
        pointer["name"] = S(key.Name);
        await client.PutItemAsync(new PutItemRequest { TableName = tableName, Item = pointer }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<ApiKey?> FindByHashAsync(string hash, CancellationToken cancellationToken = default)
    {
        var pointer = await GetAsync("APIKEYHASH#" + hash, cancellationToken).ConfigureAwait(false);
        if (pointer is null || !pointer.TryGetValue("name", out var name))
        {
            return null;
        }

        var item = await GetAsync("APIKEY#" + name.S, cancellationToken).ConfigureAwait(false);
        var key = item is null ? null : Read(item);
        return key is not null && ApiKeySecrets.HashesEqual(key.Hash, hash) ? key : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        var keys = new List<ApiKey>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.QueryAsync(
                new QueryRequest
                {
                    TableName = tableName,
                    IndexName = DynamoItems.Gsi1,
                    KeyConditionExpression = "#k = :k",
                    ExpressionAttributeNames = new() { ["#k"] = DynamoItems.Gsi1Pk },
                    ExpressionAttributeValues = new() { [":k"] = S(KeyPartition) },
                    ExclusiveStartKey = start,
                },
                cancellationToken).ConfigureAwait(false);
            keys.AddRange((page.Items ?? []).Select(Read));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return [.. keys.OrderBy(k => k.Name, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<bool> RevokeAsync(string name, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = DynamoItems.Key("APIKEY#" + name, DynamoItems.Meta),
                    UpdateExpression = "SET revokedAt = :at",
                    ConditionExpression = "attribute_exists(PK) AND attribute_not_exists(revokedAt)",
                    ExpressionAttributeValues = new() { [":at"] = N(at.ToUnixTimeMilliseconds()) },
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryRecordAsync(string feed, string signature, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var item = DynamoItems.Key("FEEDSIG#" + feed + "#" + signature, DynamoItems.Meta);
        item[DynamoItems.Ttl] = N(expiresAt.ToUnixTimeSeconds());
        try
        {
            // TTL deletion runs in the background, "typically within a few days" (DynamoDB Developer Guide, "Time to Live"),
            // so an expired item still present counts as absent.
            await client.PutItemAsync(
                new PutItemRequest
                {
                    TableName = tableName,
                    Item = item,
                    ConditionExpression = "attribute_not_exists(PK) OR #ttl < :now",
                    ExpressionAttributeNames = new() { ["#ttl"] = DynamoItems.Ttl },
                    ExpressionAttributeValues = new() { [":now"] = N(_time.GetUtcNow().ToUnixTimeSeconds()) },
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<Dictionary<string, AttributeValue>?> GetAsync(string pk, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest { TableName = tableName, Key = DynamoItems.Key(pk, DynamoItems.Meta), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private static ApiKey Read(Dictionary<string, AttributeValue> item) => new(
        item["name"].S,
        Enum.Parse<ApiRole>(item["role"].S, ignoreCase: true),
        [.. item["accounts"].S.Split(',', StringSplitOptions.RemoveEmptyEntries)],
        item["hash"].S,
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(item["createdAt"].N, CultureInfo.InvariantCulture)),
        item.TryGetValue("revokedAt", out var r) && r.N is { } n ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(n, CultureInfo.InvariantCulture)) : null);

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
