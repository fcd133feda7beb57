using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Core.Dns;

namespace CloudSniper.Aws.DynamoDb;

/// <summary>
/// The domain history in the knowledge base's DynamoDB table (created by <see cref="DynamoDbKnowledgeBase"/>): one
/// item per registered domain, <c>DNSDOMAIN#domain / SEEN</c> with first and last time, and a marker item
/// <c>DNSDOMAINS / META</c> written once, so an empty history is told apart without a scan. A domain is new to the
/// caller whose update created its item (the old image had no <c>firstSeen</c>), so of two workers recording the same
/// new domain exactly one reports it.
/// </summary>
public sealed class DynamoDbDomainHistory(IAmazonDynamoDB client, string tableName) : IDomainHistory
{
    private const int Concurrency = 16;

    /// <inheritdoc />
    public async Task<DomainHistoryUpdate> RecordAsync(IReadOnlyCollection<string> domains, DateTimeOffset seenAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domains);
        var wasEmpty = await MarkAsync(seenAt, cancellationToken).ConfigureAwait(false);
        var added = new HashSet<string>(StringComparer.Ordinal);
        var gate = new Lock();
        var ticks = DynamoItems.N(seenAt.UtcTicks);
        await Parallel.ForEachAsync(domains, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (domain, ct) =>
        {
            // UpdateItem with if_not_exists keeps the first time; UPDATED_OLD returns the attributes as they were, so
            // an absent firstSeen means this call created the item.
            var response = await client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = DynamoItems.Key("DNSDOMAIN#" + domain, "SEEN"),
                    UpdateExpression = "SET firstSeen = if_not_exists(firstSeen, :t), lastSeen = if_not_exists(lastSeen, :t), #d = :d",
                    ExpressionAttributeNames = new() { ["#d"] = "domain" },
                    ExpressionAttributeValues = new() { [":t"] = ticks, [":d"] = DynamoItems.S(domain) },
                    ReturnValues = ReturnValue.UPDATED_OLD,
                },
                ct).ConfigureAwait(false);
            var old = response.Attributes;
            if (old is null || !old.ContainsKey("firstSeen"))
            {
                lock (gate)
                {
                    added.Add(domain);
                }

                return;
            }

            // The old image tells which bound moves; the conditional write keeps it right against a concurrent worker.
            if (seenAt.UtcTicks < long.Parse(old["firstSeen"].N, CultureInfo.InvariantCulture))
            {
                await MoveAsync(domain, "firstSeen", "<", ticks, ct).ConfigureAwait(false);
            }

            if (!old.TryGetValue("lastSeen", out var last) || seenAt.UtcTicks > long.Parse(last.N, CultureInfo.InvariantCulture))
            {
                await MoveAsync(domain, "lastSeen", ">", ticks, ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return new DomainHistoryUpdate(added, wasEmpty);
    }

    /// <summary>When <paramref name="domain"/> was first and last recorded, or null.</summary>
    public async Task<(DateTimeOffset First, DateTimeOffset Last)?> GetAsync(string domain, CancellationToken cancellationToken = default)
    {
        var response = await client.GetItemAsync(new GetItemRequest { TableName = tableName, Key = DynamoItems.Key("DNSDOMAIN#" + domain, "SEEN"), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        if (response.Item is not { Count: > 0 } item)
        {
            return null;
        }

        return (Time(item["firstSeen"].N), Time(item["lastSeen"].N));

        static DateTimeOffset Time(string n) => new(long.Parse(n, CultureInfo.InvariantCulture), TimeSpan.Zero);
    }

    /// <summary>Writes the marker unless it exists; true when this call wrote it (the history was empty).</summary>
    private async Task<bool> MarkAsync(DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        try
        {
            await client.PutItemAsync(
                new PutItemRequest
                {
                    TableName = tableName,
                    Item = new() { [DynamoItems.Pk] = DynamoItems.S("DNSDOMAINS"), [DynamoItems.Sk] = DynamoItems.S(DynamoItems.Meta), ["createdAt"] = DynamoItems.N(seenAt.UtcTicks) },
                    ConditionExpression = "attribute_not_exists(PK)",
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private async Task MoveAsync(string domain, string attribute, string comparison, AttributeValue ticks, CancellationToken cancellationToken)
    {
        try
        {
            await client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = DynamoItems.Key("DNSDOMAIN#" + domain, "SEEN"),
                    UpdateExpression = $"SET {attribute} = :t",
                    ConditionExpression = $":t {comparison} {attribute}",
                    ExpressionAttributeValues = new() { [":t"] = ticks },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // The stored time is already the earlier (or later) one.
        }
    }
}
