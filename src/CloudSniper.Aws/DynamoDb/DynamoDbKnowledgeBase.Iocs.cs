using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;
using static CloudSniper.Aws.DynamoDb.DynamoItems;

namespace CloudSniper.Aws.DynamoDb;

/// <summary>Indicators and their sightings.</summary>
public sealed partial class DynamoDbKnowledgeBase
{
    /// <inheritdoc />
    public async Task<Ioc?> GetIocAsync(string value, CancellationToken cancellationToken = default)
    {
        var item = await GetItemAsync(IocKey(value), cancellationToken).ConfigureAwait(false);
        return item is null ? null : ToIoc(item);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Ioc> ListIocsAsync(IocQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = query.Now ?? _time.GetUtcNow();
        var yielded = 0;
        await foreach (var item in QueryNewestFirstAsync("IOC", i => GetS(i, "value")!, cancellationToken).ConfigureAwait(false))
        {
            if (yielded >= query.Limit)
            {
                yield break;
            }

            var ioc = ToIoc(item);
            if ((query.Type is { } type && ioc.Type != type)
                || (!string.IsNullOrEmpty(query.Contains) && !ioc.Value.Contains(query.Contains, StringComparison.OrdinalIgnoreCase))
                || (!string.IsNullOrEmpty(query.Source) && !ioc.Sources.Contains(query.Source, StringComparer.Ordinal))
                || (query.ActiveOnly && !KnowledgeBaseRules.IsActive(ioc, now, query.Ttl)))
            {
                continue;
            }

            yielded++;
            yield return ioc;
        }
    }

    /// <inheritdoc />
    public async Task<Ioc> AddIocAsync(IocObservation observation, string source, DateTimeOffset at, DateTimeOffset? expiresAt, string? description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var when = DynamoItems.Ticks(at);
        var key = IocKey(observation.Value);
        await MergeAggregateAsync(
            key,
            u =>
            {
                u.Set("value", S(observation.Value))
                    .SetIfAbsent("iocType", S(observation.Type.ToString()))
                    .Set(Gsi1Pk, S("IOC"))
                    .Add("sources", SS([source]));
                if (expiresAt is { } e)
                {
                    u.Set("expiresAt", N(DynamoItems.Ticks(e))).Set(Ttl, N(e.ToUnixTimeSeconds()));
                }
                else
                {
                    u.Remove("expiresAt").Remove(Ttl);
                }

                if (description is not null)
                {
                    u.Set("description", S(description));
                }
            },
            when,
            when,
            SortableTime(when) + "#" + observation.Value,
            "confidence",
            observation.Confidence,
            [],
            cancellationToken).ConfigureAwait(false);

        var sighting = new Sighting(observation.Value, source, source, observation.Role.ToString(), null, null, at.ToUniversalTime(), at.ToUniversalTime(), 1);
        if (!await CreateCountedSightingAsync(sighting, observation, cancellationToken).ConfigureAwait(false))
        {
            // The same source again: one more of its sightings, and the latest time, but no new distinct sighting.
            var update = new DynamoUpdate().Set("role", S(sighting.Role)).Add("count", N(1));
            var after = (await _client.UpdateItemAsync(update.ToRequest(_table, SightingKey(observation.Value, source), ReturnValue.ALL_NEW), cancellationToken).ConfigureAwait(false)).Attributes ?? [];
            if (GetLong(after, "lastSeen") < when)
            {
                await TryUpdateAsync(SightingKey(observation.Value, source), new DynamoUpdate().Set("lastSeen", N(when)).When("lastSeen", "<", N(when)), cancellationToken).ConfigureAwait(false);
            }
        }

        var stored = await GetItemAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"indicator {observation.Value} was removed while being added");
        return ToIoc(stored);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveIocAsync(string value, CancellationToken cancellationToken = default)
    {
        var existed = await GetItemAsync(IocKey(value), cancellationToken).ConfigureAwait(false) is not null;
        var keys = new List<Dictionary<string, AttributeValue>>();
        await foreach (var item in QueryPartitionAsync("IOC#" + value, null, "#pk, #sk", cancellationToken).ConfigureAwait(false))
        {
            keys.Add(Key(GetS(item, Pk)!, GetS(item, Sk)!));
        }

        foreach (var chunk in keys.Chunk(25))
        {
            var request = new Dictionary<string, List<WriteRequest>>
            {
                [_table] = [.. chunk.Select(k => new WriteRequest { DeleteRequest = new DeleteRequest { Key = k } })],
            };
            for (var attempt = 0; request.Count > 0; attempt++)
            {
                if (attempt > 0)
                {
                    await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                }

                var response = await _client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = request }, cancellationToken).ConfigureAwait(false);
                request = response.UnprocessedItems is { Count: > 0 } unprocessed ? unprocessed : [];
            }
        }

        return existed;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Sighting> ListSightingsAsync(string iocValue, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in QueryPartitionAsync("IOC#" + iocValue, SightingPrefix, null, cancellationToken).ConfigureAwait(false))
        {
            yield return ToSighting(item);
        }
    }

    // A new manual or feed sighting and its count, together; false when the source had sighted it already.
    private async Task<bool> CreateCountedSightingAsync(Sighting sighting, IocObservation observation, CancellationToken cancellationToken)
    {
        if (_transactions != false)
        {
            try
            {
                var existing = await TransactSightingsAsync([new SightingUnit(IndicatorFor(sighting, observation), [sighting])], cancellationToken).ConfigureAwait(false);
                _transactions = true;
                return existing.Count == 0;
            }
            catch (AmazonDynamoDBException e) when (IsUnknownOperation(e) && _transactions is null)
            {
                _transactions = false;
            }
        }

        if (!await TryCreateSightingAsync(sighting, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await _client.UpdateItemAsync(CounterUpdate(IndicatorFor(sighting, observation), 1).ToRequest(_table, IocKey(sighting.IocValue)), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static PlannedIndicator IndicatorFor(Sighting sighting, IocObservation observation) => new(observation.Value, observation.Type)
    {
        FirstSeen = sighting.FirstSeen,
        LastSeen = sighting.LastSeen,
        Confidence = observation.Confidence,
    };
}
