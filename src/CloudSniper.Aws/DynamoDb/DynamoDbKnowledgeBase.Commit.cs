using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Core.KnowledgeBase;
using static CloudSniper.Aws.DynamoDb.DynamoItems;

namespace CloudSniper.Aws.DynamoDb;

/// <summary>Committing batches of findings.</summary>
public sealed partial class DynamoDbKnowledgeBase
{
    private const int MaxTransactionActions = 100;

    /// <inheritdoc />
    public async Task<CommitResult> CommitAsync(IReadOnlyList<FindingWithIocs> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var total = CommitResult.Empty;
        var now = _time.GetUtcNow();
        var place = 0;
        foreach (var run in RunsOfDistinctIds(batch))
        {
            total = total.Add(await CommitRunAsync(run, now, place, cancellationToken).ConfigureAwait(false));
            place += run.Count;
        }

        return total;
    }

    // A finding repeated within a batch is applied in order, as separate runs, so each copy sees the one before.
    private static IEnumerable<List<FindingWithIocs>> RunsOfDistinctIds(IReadOnlyList<FindingWithIocs> batch)
    {
        var run = new List<FindingWithIocs>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in batch)
        {
            if (!ids.Add(item.Finding.Id))
            {
                yield return run;
                run = [];
                ids.Clear();
                ids.Add(item.Finding.Id);
            }

            run.Add(item);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    // The order matters for crash safety: everything derived from the findings is written idempotently first, and
    // each finding last. A worker that dies before storing a finding leaves it unknown, so a replay redoes the
    // derived writes, which change nothing twice; once stored, a replay finds it unchanged and writes nothing.
    private async Task<CommitResult> CommitRunAsync(List<FindingWithIocs> run, DateTimeOffset now, int firstPlace, CancellationToken cancellationToken)
    {
        var stored = await ReadStoredAsync(run.Select(i => i.Finding.Id).ToList(), cancellationToken).ConfigureAwait(false);
        var plan = new CommitPlan();
        var candidates = new List<(FindingWithIocs Item, int Sightings, string Order)>();
        var unchanged = 0;
        for (var i = 0; i < run.Count; i++)
        {
            var item = run[i];
            var incoming = item.Finding.UpdatedAt is { } u ? u.UtcTicks : -1;
            var known = stored.TryGetValue(item.Finding.Id, out var current);
            if (known && incoming <= current.Updated)
            {
                unchanged++;
                continue;
            }

            // A finding keeps the place it was first stored in, as SQLite's row id keeps it.
            var order = known && current.Order is not null ? current.Order : StoredOrder(now, firstPlace + i);
            candidates.Add((item, plan.Add(item, now), order));
        }

        if (candidates.Count == 0)
        {
            return new CommitResult(0, 0, unchanged, 0);
        }

        // Indicators and incidents are different items, so they merge side by side; the sighting transactions, which
        // also update the indicator items, wait for them rather than conflict with them.
        await Task.WhenAll(
            ForEachAsync(plan.Indicators, cancellationToken, MergeIndicatorAsync),
            ForEachAsync(plan.Incidents, cancellationToken, MergeIncidentAsync)).ConfigureAwait(false);
        await WriteSightingsAsync(plan, cancellationToken).ConfigureAwait(false);

        int inserted = 0, updated = 0, lost = 0, sightings = 0;
        await ForEachAsync(candidates, cancellationToken, async (candidate, ct) =>
        {
            switch (await PutFindingAsync(candidate.Item, candidate.Order, ct).ConfigureAwait(false))
            {
                case CommitOutcome.Inserted:
                    Interlocked.Increment(ref inserted);
                    Interlocked.Add(ref sightings, candidate.Sightings);
                    break;
                case CommitOutcome.Updated:
                    Interlocked.Increment(ref updated);
                    Interlocked.Add(ref sightings, candidate.Sightings);
                    break;
                default:
                    Interlocked.Increment(ref lost);
                    break;
            }
        }).ConfigureAwait(false);
        return new CommitResult(inserted, updated, unchanged + lost, sightings);
    }

    private async Task<Dictionary<string, (long Updated, string? Order)>> ReadStoredAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, (long, string?)>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(100))
        {
            var request = new Dictionary<string, KeysAndAttributes>
            {
                [_table] = new()
                {
                    Keys = [.. chunk.Select(FindingKey)],
                    ConsistentRead = true,
                    ProjectionExpression = "#id, #updated, #order",
                    ExpressionAttributeNames = new() { ["#id"] = "id", ["#updated"] = "updated", ["#order"] = "order" },
                },
            };
            for (var attempt = 0; request.Count > 0; attempt++)
            {
                if (attempt > 0)
                {
                    await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                }

                var response = await _client.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = request }, cancellationToken).ConfigureAwait(false);
                foreach (var item in response.Responses?.GetValueOrDefault(_table) ?? [])
                {
                    stored[GetS(item, "id")!] = (GetLong(item, "updated", -1), GetS(item, "order"));
                }

                request = response.UnprocessedKeys is { Count: > 0 } unprocessed ? unprocessed : [];
            }
        }

        return stored;
    }

    private async Task<CommitOutcome> PutFindingAsync(FindingWithIocs item, string order, CancellationToken cancellationToken)
    {
        var finding = item.Finding;
        try
        {
            var response = await _client.PutItemAsync(
                new PutItemRequest
                {
                    TableName = _table,
                    Item = FindingItem(finding, order),
                    ConditionExpression = "attribute_not_exists(#pk) OR #updated < :updated",
                    ExpressionAttributeNames = new() { ["#pk"] = Pk, ["#updated"] = "updated" },
                    ExpressionAttributeValues = new() { [":updated"] = N(finding.UpdatedAt is { } u ? u.UtcTicks : -1) },
                    ReturnValues = ReturnValue.ALL_OLD,
                },
                cancellationToken).ConfigureAwait(false);
            return response.Attributes is { Count: > 0 } ? CommitOutcome.Updated : CommitOutcome.Inserted;
        }
        catch (ConditionalCheckFailedException)
        {
            // Another worker stored this copy or a newer one after we read.
            return CommitOutcome.Unchanged;
        }
    }

    private ValueTask MergeIndicatorAsync(PlannedIndicator indicator, CancellationToken cancellationToken) =>
        MergeAggregateAsync(
            IocKey(indicator.Value),
            u => u.Set("value", S(indicator.Value))
                .SetIfAbsent("iocType", S(indicator.Type.ToString()))
                .Set(Gsi1Pk, S("IOC"))
                .Add("sources", SS(indicator.Sources))
                .Add("accounts", SS(indicator.Accounts))
                .Add("regions", SS(indicator.Regions)),
            Ticks(indicator.FirstSeen),
            Ticks(indicator.LastSeen),
            SortableTime(Ticks(indicator.LastSeen)) + "#" + indicator.Value,
            "confidence",
            indicator.Confidence,
            indicator.FindingIds,
            cancellationToken);

    private ValueTask MergeIncidentAsync(PlannedIncident incident, CancellationToken cancellationToken) =>
        MergeAggregateAsync(
            IncidentKey(incident.Id),
            u =>
            {
                u.Set("id", S(incident.Id))
                    .Set("incidentKind", S(incident.Kind.ToString()))
                    .Set("key", S(incident.Key))
                    .SetIfAbsent("status", S("open"))
                    .Set(Gsi1Pk, S("INCIDENT"))
                    .Add("types", SS(incident.Types));
                if (incident.AccountId is not null)
                {
                    u.SetIfAbsent("accountId", S(incident.AccountId));
                }

                if (incident.Region is not null)
                {
                    u.SetIfAbsent("region", S(incident.Region));
                }
            },
            Ticks(incident.FirstSeen),
            Ticks(incident.LastSeen),
            SortableTime(Ticks(incident.LastSeen)) + "#" + incident.Id,
            "maxSeverity",
            incident.MaxSeverity,
            [.. incident.Findings.OrderByDescending(f => f.Value).Select(f => f.Key)],
            cancellationToken);

    /// <summary>
    /// Merges into an indicator or incident item without reading it first: sets grow with ADD, and first seen, last
    /// seen (with the GSI1 sort key that orders by it) and the maximum move only forward. The common case, data
    /// arriving in time order with room left in the finding-id list, is one conditional UpdateItem; otherwise an
    /// unconditional merge and small conditional fix-ups follow, each of which may lose to a concurrent writer that
    /// moved the value further, which is the point.
    /// </summary>
    private async ValueTask MergeAggregateAsync(
        Dictionary<string, AttributeValue> key,
        Action<DynamoUpdate> common,
        long firstSeen,
        long lastSeen,
        string gsiSortKey,
        string maxAttribute,
        double maxValue,
        IReadOnlyList<string> findingIds,
        CancellationToken cancellationToken)
    {
        var ids = findingIds.Take(KnowledgeBaseRules.MaxFindingIds).ToList();
        var fast = new DynamoUpdate();
        common(fast);
        fast.SetIfAbsent("firstSeen", N(firstSeen))
            .SetIfAbsent(maxAttribute, N(maxValue))
            .Set("lastSeen", N(lastSeen))
            .Set(Gsi1Sk, S(gsiSortKey))
            .WhenAbsentOr("lastSeen", "<=", N(lastSeen));
        if (ids.Count > 0)
        {
            fast.Add("findingIds", SS(ids)).WhenSizeAtMost("findingIds", KnowledgeBaseRules.MaxFindingIds - ids.Count);
        }

        Dictionary<string, AttributeValue> item;
        try
        {
            item = (await _client.UpdateItemAsync(fast.ToRequest(_table, key, ReturnValue.ALL_NEW), cancellationToken).ConfigureAwait(false)).Attributes ?? [];
        }
        catch (ConditionalCheckFailedException)
        {
            var slow = new DynamoUpdate();
            common(slow);
            slow.SetIfAbsent("firstSeen", N(firstSeen))
                .SetIfAbsent(maxAttribute, N(maxValue))
                .SetIfAbsent("lastSeen", N(lastSeen))
                .SetIfAbsent(Gsi1Sk, S(gsiSortKey));
            item = (await _client.UpdateItemAsync(slow.ToRequest(_table, key, ReturnValue.ALL_NEW), cancellationToken).ConfigureAwait(false)).Attributes ?? [];
            if (GetLong(item, "lastSeen") < lastSeen)
            {
                await TryUpdateAsync(key, new DynamoUpdate().Set("lastSeen", N(lastSeen)).Set(Gsi1Sk, S(gsiSortKey)).When("lastSeen", "<", N(lastSeen)), cancellationToken).ConfigureAwait(false);
            }

            await AddBoundedIdsAsync(key, ids, item, cancellationToken).ConfigureAwait(false);
        }

        if (GetLong(item, "firstSeen") > firstSeen)
        {
            await TryUpdateAsync(key, new DynamoUpdate().Set("firstSeen", N(firstSeen)).When("firstSeen", ">", N(firstSeen)), cancellationToken).ConfigureAwait(false);
        }

        if (GetDouble(item, maxAttribute) < maxValue)
        {
            await TryUpdateAsync(key, new DynamoUpdate().Set(maxAttribute, N(maxValue)).When(maxAttribute, "<", N(maxValue)), cancellationToken).ConfigureAwait(false);
        }
    }

    // Adds as many ids as fit under the cap, conditioned on the size seen, re-reading when another writer got there first.
    private async Task AddBoundedIdsAsync(Dictionary<string, AttributeValue> key, List<string> ids, Dictionary<string, AttributeValue> item, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var present = item.TryGetValue("findingIds", out var v) && v.SS is { } ss ? new HashSet<string>(ss, StringComparer.Ordinal) : [];
            var room = KnowledgeBaseRules.MaxFindingIds - present.Count;
            var add = ids.Where(id => !present.Contains(id)).Take(Math.Max(0, room)).ToList();
            if (add.Count == 0)
            {
                return;
            }

            try
            {
                var update = new DynamoUpdate().Add("findingIds", SS(add)).WhenSizeAtMost("findingIds", present.Count);
                await _client.UpdateItemAsync(update.ToRequest(_table, key), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConditionalCheckFailedException)
            {
                var response = await _client.GetItemAsync(
                    new GetItemRequest
                    {
                        TableName = _table,
                        Key = key,
                        ConsistentRead = true,
                        ProjectionExpression = "#ids",
                        ExpressionAttributeNames = new() { ["#ids"] = "findingIds" },
                    },
                    cancellationToken).ConfigureAwait(false);
                item = response.Item ?? [];
            }
        }
    }

    private async Task TryUpdateAsync(Dictionary<string, AttributeValue> key, DynamoUpdate update, CancellationToken cancellationToken)
    {
        try
        {
            await _client.UpdateItemAsync(update.ToRequest(_table, key), cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // A concurrent writer already moved it at least as far.
        }
    }
}
