using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Core.Findings;
using CloudSniper.Core.KnowledgeBase;
using static CloudSniper.Aws.DynamoDb.DynamoItems;

namespace CloudSniper.Aws.DynamoDb;

/// <summary>Findings, incidents, the audit log, and the queries under every listing.</summary>
public sealed partial class DynamoDbKnowledgeBase
{
    /// <inheritdoc />
    public async Task<Finding?> GetFindingAsync(string id, CancellationToken cancellationToken = default)
    {
        var item = await GetItemAsync(FindingKey(id), cancellationToken).ConfigureAwait(false);
        return item is null ? null : ToFinding(item);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Finding> ListFindingsAsync(FindingQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var yielded = 0;
        await foreach (var item in QueryIndexAsync("FINDING", query.TypePrefix, null, cancellationToken).ConfigureAwait(false))
        {
            if (yielded >= query.Limit)
            {
                yield break;
            }

            if ((query.Source is { } source && GetS(item, "source") != source.ToString())
                || (query.MinSeverity is { } min && GetDouble(item, "severity") < min)
                || (query.AccountId is not null && GetS(item, "accountId") != query.AccountId))
            {
                continue;
            }

            yielded++;
            yield return ToFinding(item);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(string Type, int Count)>> CountFindingsByTypeAsync(CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var item in QueryIndexAsync("FINDING", null, "#type", cancellationToken).ConfigureAwait(false))
        {
            var type = GetS(item, "type")!;
            counts[type] = counts.GetValueOrDefault(type) + 1;
        }

        return [.. counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))];
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Incident> ListIncidentsAsync(IncidentQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var yielded = 0;
        await foreach (var item in QueryNewestFirstAsync("INCIDENT", i => GetS(i, "id")!, cancellationToken).ConfigureAwait(false))
        {
            if (yielded >= query.Limit)
            {
                yield break;
            }

            var incident = ToIncident(item);
            if ((query.Kind is { } kind && incident.Kind != kind) || (query.MinSeverity is { } min && incident.MaxSeverity < min))
            {
                continue;
            }

            yielded++;
            yield return incident;
        }
    }

    /// <inheritdoc />
    public async Task<Incident?> GetIncidentAsync(string id, CancellationToken cancellationToken = default)
    {
        var item = await GetItemAsync(IncidentKey(id), cancellationToken).ConfigureAwait(false);
        return item is null ? null : ToIncident(item);
    }

    /// <inheritdoc />
    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await _client.PutItemAsync(
                new PutItemRequest
                {
                    TableName = _table,
                    Item = AuditItem(entry),
                    ConditionExpression = "attribute_not_exists(#pk)",
                    ExpressionAttributeNames = new() { ["#pk"] = Pk },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw new InvalidOperationException($"audit entry {entry.Id} already exists; the audit log is append-only", e);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditEntry> ListAuditAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = new QueryRequest
        {
            IndexName = Gsi1,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = Gsi1Pk },
            ExpressionAttributeValues = new() { [":pk"] = S("AUDIT") },
            ScanIndexForward = true,
        };
        if (query.Since is { } since)
        {
            request.KeyConditionExpression += " AND #sk >= :since";
            request.ExpressionAttributeNames["#sk"] = Gsi1Sk;
            request.ExpressionAttributeValues[":since"] = S(SortableTime(DynamoItems.Ticks(since)));
        }

        var yielded = 0;
        await foreach (var item in QueryAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (yielded >= query.Limit)
            {
                yield break;
            }

            var entry = ToAudit(item);
            if ((query.Subject is not null && entry.Subject != query.Subject) || (query.FindingId is not null && entry.FindingId != query.FindingId))
            {
                continue;
            }

            yielded++;
            yield return entry;
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(Dictionary<string, AttributeValue> key, CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(new GetItemRequest { TableName = _table, Key = key, ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryPartitionAsync(string pk, string? skPrefix, string? projection, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = Pk },
            ExpressionAttributeValues = new() { [":pk"] = S(pk) },
            ConsistentRead = true,
        };
        if (skPrefix is not null)
        {
            request.KeyConditionExpression += " AND begins_with(#sk, :prefix)";
            request.ExpressionAttributeNames["#sk"] = Sk;
            request.ExpressionAttributeValues[":prefix"] = S(skPrefix);
        }

        if (projection is not null)
        {
            request.ProjectionExpression = projection;
            request.ExpressionAttributeNames["#pk"] = Pk;
            request.ExpressionAttributeNames["#sk"] = Sk;
        }

        return QueryAsync(request, cancellationToken);
    }

    private IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryIndexAsync(string gsiPk, string? skPrefix, string? projection, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            IndexName = Gsi1,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = Gsi1Pk },
            ExpressionAttributeValues = new() { [":pk"] = S(gsiPk) },
            ScanIndexForward = true,
        };
        if (!string.IsNullOrEmpty(skPrefix))
        {
            request.KeyConditionExpression += " AND begins_with(#sk, :prefix)";
            request.ExpressionAttributeNames["#sk"] = Gsi1Sk;
            request.ExpressionAttributeValues[":prefix"] = S(skPrefix);
        }

        if (projection == "#type")
        {
            request.ProjectionExpression = "#type";
            request.ExpressionAttributeNames["#type"] = "type";
        }

        return QueryAsync(request, cancellationToken);
    }

    /// <summary>
    /// Reads one GSI1 partition newest first. The sort key is <c>time#tiebreak</c>, so a descending read returns equal
    /// times with their tie-breakers descending too; each run of equal times is put back in ascending order.
    /// </summary>
    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryNewestFirstAsync(
        string gsiPk,
        Func<Dictionary<string, AttributeValue>, string> tieBreaker,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            IndexName = Gsi1,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = Gsi1Pk },
            ExpressionAttributeValues = new() { [":pk"] = S(gsiPk) },
            ScanIndexForward = false,
        };
        var run = new List<Dictionary<string, AttributeValue>>();
        string? runTime = null;
        await foreach (var item in QueryAsync(request, cancellationToken).ConfigureAwait(false))
        {
            var time = GetS(item, Gsi1Sk)![..19];
            if (runTime is not null && time != runTime)
            {
                foreach (var sorted in run.OrderBy(tieBreaker, StringComparer.Ordinal))
                {
                    yield return sorted;
                }

                run.Clear();
            }

            runTime = time;
            run.Add(item);
        }

        foreach (var sorted in run.OrderBy(tieBreaker, StringComparer.Ordinal))
        {
            yield return sorted;
        }
    }

    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAsync(QueryRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        request.TableName = _table;
        do
        {
            var response = await _client.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                yield return item;
            }

            request.ExclusiveStartKey = response.LastEvaluatedKey;
        }
        while (request.ExclusiveStartKey is { Count: > 0 });
    }
}
