using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Core.Jobs;
using static CloudSniper.Aws.DynamoDb.DynamoItems;

namespace CloudSniper.Aws.DynamoDb;

/// <summary>
/// The job store in the knowledge base's DynamoDB table, so that N instances share leases: items
/// <c>JOB#name/RUN#occurrence</c> (the lease and the run's history entry; GSI1 <c>JOBRUNS</c> lists every job's runs by
/// occurrence) and <c>JOB#name/WATERMARK</c>. Every change is a conditional PutItem or UpdateItem: "a conditional write
/// succeeds only if the item attributes meet one or more expected conditions", and DynamoDB evaluates the condition and
/// the write atomically per item (Developer Guide, "Condition expressions"), which is what makes one instance win a
/// lease. A takeover is a put conditioned on the row still being the expired or released one that was read, owner and
/// acquisition time included, so two instances taking over the same row cannot both succeed. Follows the lease
/// semantics of <see cref="IJobStore"/>.
/// </summary>
public sealed class DynamoDbJobStore : IJobStore
{
    private const string RunPrefix = "RUN#";
    private const string Watermark = "WATERMARK";
    private const string RunsIndexKey = "JOBRUNS";

    private readonly IAmazonDynamoDB _client;
    private readonly string _table;
    private readonly TimeProvider _time;

    /// <summary>Creates a store on <paramref name="tableName"/> (the knowledge base's table); the client is the caller's.</summary>
    public DynamoDbJobStore(IAmazonDynamoDB client, string tableName, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _client = client;
        _table = tableName;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        // The table and its index are the knowledge base's; creating them (when absent) is its job.
        await using var knowledgeBase = new DynamoDbKnowledgeBase(_client, _table, _time);
        await knowledgeBase.InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JobRun?> TryAcquireAsync(string job, DateTimeOffset occurrence, string owner, TimeSpan lease, JobTrigger trigger, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var existing = await GetRunAsync(job, occurrence, cancellationToken).ConfigureAwait(false);
        if (existing is not null && !existing.CanBeTakenOver(now))
        {
            return null;
        }

        var run = new JobRun
        {
            Job = job, Occurrence = Truncate(occurrence), Owner = owner, AcquiredAt = Truncate(now), HeartbeatAt = Truncate(now),
            ExpiresAt = Truncate(now + lease), State = JobRunState.Running, Trigger = trigger, TakenOverFrom = existing?.Owner,
        };
        var request = new PutItemRequest { TableName = _table, Item = ToItem(run) };
        if (existing is null)
        {
            request.ConditionExpression = "attribute_not_exists(PK)";
        }
        else
        {
            request.ConditionExpression = "#owner = :prevOwner AND acquiredAt = :prevAcquired AND (#state = :abandoned OR (#state = :running AND expiresAt <= :now))";
            request.ExpressionAttributeNames = new() { ["#owner"] = "owner", ["#state"] = "state" };
            request.ExpressionAttributeValues = new()
            {
                [":prevOwner"] = S(existing.Owner), [":prevAcquired"] = N(Ms(existing.AcquiredAt)), [":abandoned"] = S("abandoned"),
                [":running"] = S("running"), [":now"] = N(Ms(now)),
            };
        }

        try
        {
            await _client.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
            return run;
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<bool> HeartbeatAsync(string job, DateTimeOffset occurrence, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        return UpdateAsync(job, occurrence, owner, "SET heartbeatAt = :now, expiresAt = :expires", " AND expiresAt > :now",
            new() { [":now"] = N(Ms(now)), [":expires"] = N(Ms(now + lease)) }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> CompleteAsync(string job, DateTimeOffset occurrence, string owner, JobOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var now = _time.GetUtcNow();
        var values = new Dictionary<string, AttributeValue>
        {
            [":now"] = N(Ms(now)), [":done"] = S(outcome.Succeeded ? "succeeded" : "failed"), [":figures"] = S(JsonSerializer.Serialize(outcome.Figures)),
        };
        var update = "SET #state = :done, endedAt = :now, figures = :figures";
        if (outcome.Error is { Length: > 0 } error)
        {
            update += ", #error = :error";
            values[":error"] = S(error);
        }

        if (!await UpdateAsync(job, occurrence, owner, update, "", values, cancellationToken, error: outcome.Error is { Length: > 0 }).ConfigureAwait(false))
        {
            return false;
        }

        // A second write: should the process die between the two, the next run starts from the older watermark and
        // reads some data again, which every job tolerates (the knowledge base is idempotent on finding ids).
        if (outcome.Succeeded && outcome.Watermark is { } watermark)
        {
            await SetWatermarkAsync(job, watermark, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <inheritdoc />
    public Task<bool> ReleaseAsync(string job, DateTimeOffset occurrence, string owner, CancellationToken cancellationToken = default)
    {
        var now = N(Ms(_time.GetUtcNow()));
        return UpdateAsync(job, occurrence, owner, "SET #state = :abandoned, endedAt = :now, expiresAt = :now", "",
            new() { [":now"] = now, [":abandoned"] = S("abandoned") }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<JobRun?> GetRunAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default)
    {
        var response = await _client.GetItemAsync(new GetItemRequest { TableName = _table, Key = RunKey(job, occurrence), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? ToRun(item) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobRun>> ListRunsAsync(string? job, int limit, CancellationToken cancellationToken = default)
    {
        // One job's runs come from its own partition, strongly consistent; all jobs' from the index, eventually consistent.
        var request = job is null
            ? new QueryRequest
            {
                TableName = _table, IndexName = Gsi1, KeyConditionExpression = "GSI1PK = :pk",
                ExpressionAttributeValues = new() { [":pk"] = S(RunsIndexKey) },
            }
            : new QueryRequest
            {
                TableName = _table, ConsistentRead = true, KeyConditionExpression = "PK = :pk AND begins_with(SK, :run)",
                ExpressionAttributeValues = new() { [":pk"] = S("JOB#" + job), [":run"] = S(RunPrefix) },
            };
        request.ScanIndexForward = false;
        request.Limit = Math.Max(1, limit);
        var runs = new List<JobRun>();
        do
        {
            var response = await _client.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            runs.AddRange((response.Items ?? []).Select(ToRun));
            request.ExclusiveStartKey = response.LastEvaluatedKey;
        }
        while (runs.Count < limit && request.ExclusiveStartKey is { Count: > 0 });

        return runs.Take(limit).ToList();
    }

    /// <inheritdoc />
    public async Task<string?> GetWatermarkAsync(string job, CancellationToken cancellationToken = default)
    {
        var response = await _client.GetItemAsync(new GetItemRequest { TableName = _table, Key = Key("JOB#" + job, Watermark), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? GetS(item, "value") : null;
    }

    /// <inheritdoc />
    public Task SetWatermarkAsync(string job, string watermark, CancellationToken cancellationToken = default)
    {
        var item = Key("JOB#" + job, Watermark);
        item["value"] = S(watermark);
        item["updatedAt"] = N(Ms(_time.GetUtcNow()));
        return _client.PutItemAsync(new PutItemRequest { TableName = _table, Item = item }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // Every change after the acquisition is conditioned on the caller still holding the row running.
    private async Task<bool> UpdateAsync(string job, DateTimeOffset occurrence, string owner, string update, string condition, Dictionary<string, AttributeValue> values, CancellationToken cancellationToken, bool error = false)
    {
        values[":me"] = S(owner);
        values[":running"] = S("running");
        var names = new Dictionary<string, string> { ["#owner"] = "owner", ["#state"] = "state" };
        if (error)
        {
            names["#error"] = "error";
        }

        try
        {
            await _client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = _table, Key = RunKey(job, occurrence), UpdateExpression = update,
                    ConditionExpression = "attribute_exists(PK) AND #owner = :me AND #state = :running" + condition,
                    ExpressionAttributeNames = names, ExpressionAttributeValues = values,
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static Dictionary<string, AttributeValue> RunKey(string job, DateTimeOffset occurrence) => Key("JOB#" + job, RunPrefix + SortableTime(Ms(occurrence)));

    private static Dictionary<string, AttributeValue> ToItem(JobRun run)
    {
        var item = RunKey(run.Job, run.Occurrence);
        item[Gsi1Pk] = S(RunsIndexKey);
        item[Gsi1Sk] = S(SortableTime(Ms(run.Occurrence)) + "#" + run.Job);
        item["job"] = S(run.Job);
        item["occurrence"] = N(Ms(run.Occurrence));
        item["owner"] = S(run.Owner);
        item["acquiredAt"] = N(Ms(run.AcquiredAt));
        item["heartbeatAt"] = N(Ms(run.HeartbeatAt));
        item["expiresAt"] = N(Ms(run.ExpiresAt));
        item["state"] = S(run.State.ToString().ToLowerInvariant());
        item["trigger"] = S(run.Trigger.ToString().ToLowerInvariant());
        if (run.TakenOverFrom is { } previous)
        {
            item["takenOverFrom"] = S(previous);
        }

        return item;
    }

    private static JobRun ToRun(Dictionary<string, AttributeValue> item) => new()
    {
        Job = GetS(item, "job")!,
        Occurrence = FromMs(GetLong(item, "occurrence")),
        Owner = GetS(item, "owner")!,
        AcquiredAt = FromMs(GetLong(item, "acquiredAt")),
        HeartbeatAt = FromMs(GetLong(item, "heartbeatAt")),
        ExpiresAt = FromMs(GetLong(item, "expiresAt")),
        State = Enum.Parse<JobRunState>(GetS(item, "state")!, ignoreCase: true),
        Trigger = Enum.Parse<JobTrigger>(GetS(item, "trigger") ?? "schedule", ignoreCase: true),
        EndedAt = item.ContainsKey("endedAt") ? FromMs(GetLong(item, "endedAt")) : null,
        Figures = GetS(item, "figures") is { } json ? JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [] : new Dictionary<string, long>(),
        Error = GetS(item, "error"),
        TakenOverFrom = GetS(item, "takenOverFrom"),
    };

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset Truncate(DateTimeOffset time) => FromMs(Ms(time));
}
