using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.DynamoDb;

/// <summary>
/// The response store on its own DynamoDB table, so that N stateless workers share plans, approvals, action records
/// and blocks. Keys: <c>PLAN#id/META</c>, <c>PLAN#id/APPROVAL#time#action</c>, <c>ACTION#id/PLAN</c>,
/// <c>ACTION#id/RECORD</c>, <c>BLOCK#id/META</c>, <c>AUDIT#id/META</c>. GSI1 lists plans, blocks and audit entries
/// in time order; GSI2 finds the blocks of an address. Block updates are conditional on a version attribute, so two
/// workers refreshing one block lose neither update.
/// </summary>
public sealed class DynamoDbResponseStore(IAmazonDynamoDB client, string tableName) : IResponseStore
{
    private const string Pk = "PK";
    private const string Sk = "SK";
    private const string Gsi1 = "GSI1";
    private const string Gsi2 = "GSI2";
    private const string Meta = "META";

    /// <summary>The table name.</summary>
    public string TableName => tableName;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await client.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ResourceNotFoundException)
        {
        }

        try
        {
            await client.CreateTableAsync(
                new CreateTableRequest
                {
                    TableName = tableName,
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                    AttributeDefinitions =
                    [
                        new AttributeDefinition(Pk, ScalarAttributeType.S), new AttributeDefinition(Sk, ScalarAttributeType.S),
                        new AttributeDefinition("GSI1PK", ScalarAttributeType.S), new AttributeDefinition("GSI1SK", ScalarAttributeType.S),
                        new AttributeDefinition("GSI2PK", ScalarAttributeType.S), new AttributeDefinition("GSI2SK", ScalarAttributeType.S),
                    ],
                    KeySchema = [new KeySchemaElement(Pk, KeyType.HASH), new KeySchemaElement(Sk, KeyType.RANGE)],
                    GlobalSecondaryIndexes =
                    [
                        new GlobalSecondaryIndex { IndexName = Gsi1, KeySchema = [new KeySchemaElement("GSI1PK", KeyType.HASH), new KeySchemaElement("GSI1SK", KeyType.RANGE)], Projection = new Projection { ProjectionType = ProjectionType.ALL } },
                        new GlobalSecondaryIndex { IndexName = Gsi2, KeySchema = [new KeySchemaElement("GSI2PK", KeyType.HASH), new KeySchemaElement("GSI2SK", KeyType.RANGE)], Projection = new Projection { ProjectionType = ProjectionType.ALL } },
                    ],
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Another worker created it first.
        }

        for (var i = 0; i < 60; i++)
        {
            var table = await client.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
            if (table.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task SavePlanAsync(ResponsePlan plan, CancellationToken cancellationToken = default)
    {
        var items = new List<Dictionary<string, AttributeValue>>
        {
            new()
            {
                [Pk] = S("PLAN#" + plan.Id), [Sk] = S(Meta), ["GSI1PK"] = S("PLANS"), ["GSI1SK"] = S(Time(plan.CreatedAt) + "#" + plan.Id),
                ["json"] = S(ResponseJson.Serialize(plan)),
            },
        };
        items.AddRange(plan.Actions.Select(a => new Dictionary<string, AttributeValue> { [Pk] = S("ACTION#" + a.Id), [Sk] = S("PLAN"), ["plan"] = S(plan.Id) }));
        await WriteAllAsync(items, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ResponsePlan?> GetPlanAsync(string planId, CancellationToken cancellationToken = default)
    {
        var item = await GetAsync("PLAN#" + planId, Meta, cancellationToken).ConfigureAwait(false);
        return item is null ? null : ResponseJson.Deserialize<ResponsePlan>(item["json"].S);
    }

    /// <inheritdoc />
    public async Task<string?> FindPlanOfActionAsync(string actionId, CancellationToken cancellationToken = default) =>
        (await GetAsync("ACTION#" + actionId, "PLAN", cancellationToken).ConfigureAwait(false))?["plan"].S;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ResponsePlan>> ListPlansAsync(int limit, CancellationToken cancellationToken = default)
    {
        var items = await QueryAsync(Gsi1, "GSI1PK", "PLANS", null, forward: false, limit, cancellationToken).ConfigureAwait(false);
        return [.. items.Select(i => ResponseJson.Deserialize<ResponsePlan>(i["json"].S)!)];
    }

    /// <inheritdoc />
    public Task RecordApprovalAsync(Approval approval, CancellationToken cancellationToken = default) =>
        client.PutItemAsync(
            new PutItemRequest
            {
                TableName = tableName,
                Item = new()
                {
                    [Pk] = S("PLAN#" + approval.PlanId), [Sk] = S("APPROVAL#" + Time(approval.At) + "#" + approval.ActionId),
                    ["action"] = S(approval.ActionId), ["approver"] = S(approval.Approver), ["at"] = N(approval.At.UtcTicks),
                },
            },
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Approval>> ListApprovalsAsync(string planId, CancellationToken cancellationToken = default)
    {
        var response = await client.QueryAsync(
            new QueryRequest
            {
                TableName = tableName,
                KeyConditionExpression = "PK = :pk AND begins_with(SK, :prefix)",
                ExpressionAttributeValues = new() { [":pk"] = S("PLAN#" + planId), [":prefix"] = S("APPROVAL#") },
            },
            cancellationToken).ConfigureAwait(false);
        return [.. (response.Items ?? []).Select(i => new Approval(planId, i["action"].S, i["approver"].S, FromTicks(i["at"].N)))];
    }

    /// <inheritdoc />
    public Task SaveActionRecordAsync(ActionRecord record, CancellationToken cancellationToken = default) =>
        client.PutItemAsync(
            new PutItemRequest { TableName = tableName, Item = new() { [Pk] = S("ACTION#" + record.Id), [Sk] = S("RECORD"), ["json"] = S(ResponseJson.Serialize(record)) } },
            cancellationToken);

    /// <inheritdoc />
    public async Task<ActionRecord?> GetActionRecordAsync(string actionId, CancellationToken cancellationToken = default)
    {
        var item = await GetAsync("ACTION#" + actionId, "RECORD", cancellationToken).ConfigureAwait(false);
        return item is null ? null : ResponseJson.Deserialize<ActionRecord>(item["json"].S);
    }

    /// <inheritdoc />
    public async Task UpsertBlocksAsync(IReadOnlyList<BlockRecord> blocks, CancellationToken cancellationToken = default)
    {
        foreach (var block in blocks)
        {
            for (var attempt = 1; ; attempt++)
            {
                var existing = await GetAsync("BLOCK#" + block.Id, Meta, cancellationToken).ConfigureAwait(false);
                var version = existing is null ? 0L : long.Parse(existing["ver"].N, CultureInfo.InvariantCulture);
                var merged = existing is null ? block : InMemoryResponseStore.Merge(ReadBlock(existing), block);
                var item = BlockItem(merged, version + 1);
                try
                {
                    await client.PutItemAsync(
                        new PutItemRequest
                        {
                            TableName = tableName,
                            Item = item,
                            ConditionExpression = existing is null ? "attribute_not_exists(PK)" : "ver = :ver",
                            ExpressionAttributeValues = existing is null ? null : new() { [":ver"] = N(version) },
                        },
                        cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (ConditionalCheckFailedException) when (attempt < 10)
                {
                    // Another worker changed the block since we read it: read and merge again.
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task MarkBlocksRemovedAsync(IReadOnlyList<string> blockIds, DateTimeOffset at, string reason, CancellationToken cancellationToken = default)
    {
        foreach (var id in blockIds)
        {
            try
            {
                await client.UpdateItemAsync(
                    new UpdateItemRequest
                    {
                        TableName = tableName,
                        Key = new() { [Pk] = S("BLOCK#" + id), [Sk] = S(Meta) },
                        UpdateExpression = "SET removedAt = :at, removedReason = :reason ADD ver :one",
                        ConditionExpression = "attribute_exists(PK) AND attribute_not_exists(removedAt)",
                        ExpressionAttributeValues = new() { [":at"] = N(at.UtcTicks), [":reason"] = S(reason), [":one"] = N(1) },
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException)
            {
                // Already removed (or never stored): nothing to change.
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BlockRecord>> ListBlocksAsync(BlockQuery query, CancellationToken cancellationToken = default)
    {
        var items = query.Address is not null
            ? await QueryAsync(Gsi2, "GSI2PK", "ADDR#" + query.Address, null, forward: true, int.MaxValue, cancellationToken).ConfigureAwait(false)
            : await QueryAsync(Gsi1, "GSI1PK", "BLOCKS", null, forward: true, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return [.. items.Select(ReadBlock)
            .Where(b => (query.IncludeRemoved || b.InPlace) &&
                (query.Kind is null || b.Kind == query.Kind) &&
                (query.Target is null || b.Target == query.Target) &&
                (query.ExpiredBefore is null || b.ExpiresAt <= query.ExpiredBefore))
            .OrderBy(b => b.CreatedAt).ThenBy(b => b.Id, StringComparer.Ordinal)
            .Take(query.Limit)];
    }

    /// <inheritdoc />
    public async Task<BlockHistory> GetBlockHistoryAsync(IReadOnlyCollection<string> addresses, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // One query per address on GSI2, sixteen at a time: a burst's addresses are mostly new, so most come back empty.
        using var gate = new SemaphoreSlim(16);
        var tasks = addresses.Select(async address =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await QueryAsync(Gsi2, "GSI2PK", "ADDR#" + address, null, forward: true, int.MaxValue, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var rows = (await Task.WhenAll(tasks).ConfigureAwait(false)).SelectMany(r => r).Select(ReadBlock).ToList();
        var recent = await QueryAsync(Gsi1, "GSI1PK", "BLOCKS", Time(now - TimeSpan.FromHours(1)), forward: true, int.MaxValue, cancellationToken).ConfigureAwait(false);
        var lastHour = recent.Select(ReadBlock).Where(b => b.CreatedAt > now - TimeSpan.FromHours(1) && b.CreatedAt <= now).Select(b => b.Address).Distinct(StringComparer.Ordinal).Count();
        return BlockHistoryCalculator.From(rows, lastHour, now);
    }

    /// <inheritdoc />
    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S("AUDIT#" + entry.Id), [Sk] = S(Meta), ["GSI1PK"] = S("AUDIT"), ["GSI1SK"] = S(Time(entry.Time) + "#" + entry.Id),
            ["time"] = N(entry.Time.UtcTicks), ["actor"] = S(entry.Actor), ["action"] = S(entry.Action), ["subject"] = S(entry.Subject),
            ["outcome"] = S(entry.Outcome), ["details"] = S(entry.Details),
        };
        if (entry.FindingId is not null)
        {
            item["findingId"] = S(entry.FindingId);
        }

        return client.PutItemAsync(new PutItemRequest { TableName = tableName, Item = item }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var items = await QueryAsync(Gsi1, "GSI1PK", "AUDIT", query.Since is { } since ? Time(since) : null, forward: true, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return [.. items
            .Select(i => new AuditEntry(i[Pk].S["AUDIT#".Length..], FromTicks(i["time"].N), i["actor"].S, i["action"].S, i["subject"].S, i["outcome"].S, i.TryGetValue("findingId", out var f) ? f.S : null, i["details"].S))
            .Where(a => (query.Subject is null || a.Subject == query.Subject) && (query.FindingId is null || a.FindingId == query.FindingId))
            .Take(query.Limit)];
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<Dictionary<string, AttributeValue>?> GetAsync(string pk, string sk, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest { TableName = tableName, Key = new() { [Pk] = S(pk), [Sk] = S(sk) }, ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private async Task<List<Dictionary<string, AttributeValue>>> QueryAsync(string index, string keyName, string key, string? sortFrom, bool forward, int limit, CancellationToken cancellationToken)
    {
        var result = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        var sortKey = keyName == "GSI1PK" ? "GSI1SK" : "GSI2SK";
        do
        {
            var request = new QueryRequest
            {
                TableName = tableName,
                IndexName = index,
                KeyConditionExpression = sortFrom is null ? "#k = :k" : "#k = :k AND #s >= :from",
                ExpressionAttributeNames = sortFrom is null ? new() { ["#k"] = keyName } : new() { ["#k"] = keyName, ["#s"] = sortKey },
                ExpressionAttributeValues = sortFrom is null ? new() { [":k"] = S(key) } : new() { [":k"] = S(key), [":from"] = S(sortFrom) },
                ScanIndexForward = forward,
                ExclusiveStartKey = start,
            };
            var response = await client.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            result.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null && result.Count < limit);

        return result.Count > limit ? result[..limit] : result;
    }

    private async Task WriteAllAsync(List<Dictionary<string, AttributeValue>> items, CancellationToken cancellationToken)
    {
        foreach (var chunk in items.Chunk(25))
        {
            var pending = new Dictionary<string, List<WriteRequest>> { [tableName] = [.. chunk.Select(i => new WriteRequest(new PutRequest(i)))] };
            for (var attempt = 0; pending.Count > 0 && pending[tableName].Count > 0; attempt++)
            {
                var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken).ConfigureAwait(false);
                pending = response.UnprocessedItems is { Count: > 0 } left && left.ContainsKey(tableName) ? left : [];
                if (pending.Count > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * Math.Pow(2, Math.Min(attempt, 6))), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static Dictionary<string, AttributeValue> BlockItem(BlockRecord b, long version)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S("BLOCK#" + b.Id), [Sk] = S(Meta),
            ["GSI1PK"] = S("BLOCKS"), ["GSI1SK"] = S(Time(b.CreatedAt) + "#" + b.Id),
            ["GSI2PK"] = S("ADDR#" + b.Address), ["GSI2SK"] = S(b.Id),
            ["id"] = S(b.Id), ["address"] = S(b.Address), ["kind"] = S(b.Kind), ["target"] = S(b.Target),
            ["createdAt"] = N(b.CreatedAt.UtcTicks), ["expiresAt"] = N(b.ExpiresAt.UtcTicks), ["offence"] = N(b.Offence), ["ver"] = N(version),
        };
        Optional(item, "account", b.AccountId);
        Optional(item, "region", b.Region);
        Optional(item, "scope", b.Scope);
        Optional(item, "findingId", b.FindingId);
        Optional(item, "actionId", b.ActionId);
        Optional(item, "removedReason", b.RemovedReason);
        if (b.RuleNumber is { } rule)
        {
            item["ruleNumber"] = N(rule);
        }

        if (b.Egress is { } egress)
        {
            item["egress"] = new AttributeValue { BOOL = egress };
        }

        if (b.RemovedAt is { } removed)
        {
            item["removedAt"] = N(removed.UtcTicks);
        }

        return item;
    }

    private static BlockRecord ReadBlock(Dictionary<string, AttributeValue> i) => new()
    {
        Id = i["id"].S,
        Address = i["address"].S,
        Kind = i["kind"].S,
        Target = i["target"].S,
        AccountId = Text(i, "account"),
        Region = Text(i, "region"),
        Scope = Text(i, "scope"),
        RuleNumber = i.TryGetValue("ruleNumber", out var r) ? int.Parse(r.N, CultureInfo.InvariantCulture) : null,
        Egress = i.TryGetValue("egress", out var e) ? e.BOOL : null,
        CreatedAt = FromTicks(i["createdAt"].N),
        ExpiresAt = FromTicks(i["expiresAt"].N),
        RemovedAt = i.TryGetValue("removedAt", out var at) ? FromTicks(at.N) : null,
        RemovedReason = Text(i, "removedReason"),
        FindingId = Text(i, "findingId"),
        ActionId = Text(i, "actionId"),
        Offence = int.Parse(i["offence"].N, CultureInfo.InvariantCulture),
    };

    private static void Optional(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = S(value);
        }
    }

    private static string? Text(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var v) ? v.S : null;

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static string Time(DateTimeOffset time) => time.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static DateTimeOffset FromTicks(string ticks) => new(long.Parse(ticks, CultureInfo.InvariantCulture), TimeSpan.Zero);
}
