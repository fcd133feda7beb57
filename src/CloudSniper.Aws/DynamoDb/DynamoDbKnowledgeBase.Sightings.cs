using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Core.KnowledgeBase;
using static CloudSniper.Aws.DynamoDb.DynamoItems;

namespace CloudSniper.Aws.DynamoDb;

/// <summary>Recording sightings and counting them exactly once.</summary>
public sealed partial class DynamoDbKnowledgeBase
{
    /// <summary>
    /// Creates each new sighting and increments its indicator's counter in one transaction, the sighting conditioned
    /// on not existing; transactions pack up to 99 sightings of one indicator with its single counter update, and
    /// several indicators per transaction. A sighting that already exists cancels the transaction with a
    /// ConditionalCheckFailed reason at its position: it is taken out, refreshed instead, and the rest retried, so
    /// a replay or a concurrent worker can never count it twice. Endpoints without transactions (dynalite) get the
    /// same conditional put followed by the increment: never double counted, but a crash between the two would
    /// leave the counter one short.
    /// </summary>
    private async Task WriteSightingsAsync(CommitPlan plan, CancellationToken cancellationToken)
    {
        var indicators = plan.Indicators.ToDictionary(i => i.Value, StringComparer.Ordinal);
        var units = plan.Sightings
            .GroupBy(s => s.Sighting.IocValue, StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(MaxTransactionActions - 1).Select((chunk, wave) => new SightingUnit(indicators[g.Key], [.. chunk.Select(p => p.Sighting)], wave)))
            .ToList();
        var refresh = new System.Collections.Concurrent.ConcurrentBag<Sighting>();

        if (_transactions != false)
        {
            try
            {
                // An indicator with more than 99 new sightings spans several transactions; each wave holds at most one
                // of them, so they run one after another instead of conflicting on the indicator's counter.
                foreach (var wave in units.GroupBy(u => u.Wave).OrderBy(w => w.Key))
                {
                    await ForEachAsync(Pack([.. wave]), cancellationToken, async (transaction, ct) =>
                    {
                        foreach (var existing in await TransactSightingsAsync(transaction, ct).ConfigureAwait(false))
                        {
                            refresh.Add(existing);
                        }
                    }).ConfigureAwait(false);
                }

                _transactions = true;
            }
            catch (AmazonDynamoDBException e) when (IsUnknownOperation(e) && _transactions is null)
            {
                _transactions = false;
                refresh.Clear();
            }
        }

        if (_transactions == false)
        {
            await ForEachAsync(units.GroupBy(u => u.Indicator.Value), cancellationToken, async (group, ct) =>
            {
                var created = 0;
                foreach (var sighting in group.SelectMany(u => u.Sightings))
                {
                    if (await TryCreateSightingAsync(sighting, ct).ConfigureAwait(false))
                    {
                        created++;
                    }
                    else
                    {
                        refresh.Add(sighting);
                    }
                }

                if (created > 0)
                {
                    var counter = CounterUpdate(group.First().Indicator, created);
                    await _client.UpdateItemAsync(counter.ToRequest(_table, IocKey(group.Key)), ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }

        await ForEachAsync(refresh, cancellationToken, RefreshSightingAsync).ConfigureAwait(false);
    }

    private static List<List<SightingUnit>> Pack(List<SightingUnit> units)
    {
        var transactions = new List<List<SightingUnit>>();
        var current = new List<SightingUnit>();
        var actions = 0;
        foreach (var unit in units.OrderByDescending(u => u.Sightings.Count))
        {
            if (actions + unit.Sightings.Count + 1 > MaxTransactionActions || current.Any(u => u.Indicator == unit.Indicator))
            {
                transactions.Add(current);
                current = [];
                actions = 0;
            }

            current.Add(unit);
            actions += unit.Sightings.Count + 1;
        }

        if (current.Count > 0)
        {
            transactions.Add(current);
        }

        return transactions;
    }

    // Returns the sightings found to exist already; every other one was created and counted.
    private async Task<List<Sighting>> TransactSightingsAsync(List<SightingUnit> units, CancellationToken cancellationToken)
    {
        var existing = new List<Sighting>();
        var pending = units.Select(u => u with { Sightings = [.. u.Sightings] }).ToList();
        for (var attempt = 0; ; attempt++)
        {
            pending.RemoveAll(u => u.Sightings.Count == 0);
            if (pending.Count == 0)
            {
                return existing;
            }

            var actions = new List<TransactWriteItem>();
            var owners = new List<(SightingUnit Unit, Sighting? Sighting)>();
            foreach (var unit in pending)
            {
                foreach (var sighting in unit.Sightings)
                {
                    actions.Add(new TransactWriteItem { Put = CreateSightingPut(sighting) });
                    owners.Add((unit, sighting));
                }

                actions.Add(new TransactWriteItem { Update = CounterUpdate(unit.Indicator, unit.Sightings.Count).ToTransactUpdate(_table, IocKey(unit.Indicator.Value)) });
                owners.Add((unit, null));
            }

            try
            {
                await _client.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = actions }, cancellationToken).ConfigureAwait(false);
                return existing;
            }
            catch (TransactionCanceledException e)
            {
                var reasons = e.CancellationReasons ?? [];
                var conditionFailed = false;
                for (var i = 0; i < Math.Min(reasons.Count, owners.Count); i++)
                {
                    if (reasons[i].Code == "ConditionalCheckFailed" && owners[i].Sighting is { } sighting)
                    {
                        owners[i].Unit.Sightings.Remove(sighting);
                        existing.Add(sighting);
                        conditionFailed = true;
                    }
                }

                // Existing sightings are taken out and the rest retried at once; conflicts with another writer's
                // transaction on the same indicator, or throttling, are retried after a pause.
                if (!conditionFailed)
                {
                    if (attempt >= MaxAttempts * 2 || !reasons.Any(r => r.Code is "TransactionConflict" or "ThrottlingError" or "ProvisionedThroughputExceeded" or "RequestLimitExceeded"))
                    {
                        throw;
                    }

                    await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private Put CreateSightingPut(Sighting sighting) => new()
    {
        TableName = _table,
        Item = SightingItem(sighting),
        ConditionExpression = "attribute_not_exists(#pk)",
        ExpressionAttributeNames = new() { ["#pk"] = Pk },
    };

    private async Task<bool> TryCreateSightingAsync(Sighting sighting, CancellationToken cancellationToken)
    {
        var put = CreateSightingPut(sighting);
        try
        {
            await _client.PutItemAsync(
                new PutItemRequest { TableName = _table, Item = put.Item, ConditionExpression = put.ConditionExpression, ExpressionAttributeNames = put.ExpressionAttributeNames },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    // The counter update also gives a new indicator item its identity and GSI1 keys, so a reader never meets a
    // half-made indicator whichever worker's write lands first.
    private static DynamoUpdate CounterUpdate(PlannedIndicator indicator, int created) => new DynamoUpdate()
        .Set("value", S(indicator.Value))
        .SetIfAbsent("iocType", S(indicator.Type.ToString()))
        .Set(Gsi1Pk, S("IOC"))
        .SetIfAbsent(Gsi1Sk, S(SortableTime(Ticks(indicator.LastSeen)) + "#" + indicator.Value))
        .SetIfAbsent("firstSeen", N(Ticks(indicator.FirstSeen)))
        .SetIfAbsent("lastSeen", N(Ticks(indicator.LastSeen)))
        .SetIfAbsent("confidence", N(indicator.Confidence))
        .Add("sightings", N(created));

    // Refreshes an existing sighting from a newer copy of its finding; the condition keeps a slower worker holding an
    // older copy from moving it back.
    private async ValueTask RefreshSightingAsync(Sighting sighting, CancellationToken cancellationToken)
    {
        var update = new DynamoUpdate()
            .Set("source", S(sighting.Source))
            .Set("role", S(sighting.Role))
            .Set("lastSeen", N(Ticks(sighting.LastSeen)))
            .Set("count", N(sighting.Count))
            .When("lastSeen", "<=", N(Ticks(sighting.LastSeen)));
        if (sighting.AccountId is not null)
        {
            update.Set("accountId", S(sighting.AccountId));
        }

        if (sighting.Region is not null)
        {
            update.Set("region", S(sighting.Region));
        }

        await TryUpdateAsync(SightingKey(sighting.IocValue, sighting.SourceId), update, cancellationToken).ConfigureAwait(false);
    }

    private sealed record SightingUnit(PlannedIndicator Indicator, List<Sighting> Sightings, int Wave = 0);
}
