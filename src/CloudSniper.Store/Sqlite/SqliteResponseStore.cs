using System.Globalization;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;
using Microsoft.Data.Sqlite;

namespace CloudSniper.Store.Sqlite;

/// <summary>
/// The response store in SQLite: plans, approvals, action records and blocks, in <c>response_*</c> tables kept apart
/// from the knowledge base's. Times are Unix milliseconds (UTC) so that expiry queries use an index; plans and
/// records are JSON. Every write is one transaction.
/// </summary>
public sealed class SqliteResponseStore : IResponseStore
{
    private readonly string _connectionString;

    /// <summary>Opens (lazily) the database file at <paramref name="path"/>.</summary>
    public SqliteResponseStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(db, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS response_plans (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, mode TEXT NOT NULL, json TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS response_plans_created ON response_plans (created_at);
            CREATE TABLE IF NOT EXISTS response_plan_actions (action_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS response_approvals (plan_id TEXT NOT NULL, action_id TEXT NOT NULL, approver TEXT NOT NULL, at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS response_approvals_plan ON response_approvals (plan_id);
            CREATE TABLE IF NOT EXISTS response_action_records (id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS response_blocks (
                id TEXT PRIMARY KEY, address TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL, account TEXT, region TEXT, scope TEXT,
                rule_number INTEGER, egress INTEGER, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, removed_at INTEGER,
                removed_reason TEXT, finding_id TEXT, action_id TEXT, offence INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS response_blocks_address ON response_blocks (address);
            CREATE INDEX IF NOT EXISTS response_blocks_target ON response_blocks (kind, target);
            CREATE INDEX IF NOT EXISTS response_blocks_expiry ON response_blocks (removed_at, expires_at);
            CREATE INDEX IF NOT EXISTS response_blocks_created ON response_blocks (created_at);
            CREATE TABLE IF NOT EXISTS response_audit (
                id TEXT PRIMARY KEY, time INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL,
                outcome TEXT NOT NULL, finding_id TEXT, details TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS response_audit_time ON response_audit (time);
            """, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SavePlanAsync(ResponsePlan plan, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(db, tx, "INSERT OR REPLACE INTO response_plans (id, created_at, mode, json) VALUES ($id, $at, $mode, $json)", cancellationToken,
            ("$id", plan.Id), ("$at", Ms(plan.CreatedAt)), ("$mode", plan.Mode.ToString().ToLowerInvariant()), ("$json", ResponseJson.Serialize(plan))).ConfigureAwait(false);
        foreach (var action in plan.Actions)
        {
            await ExecuteAsync(db, tx, "INSERT OR REPLACE INTO response_plan_actions (action_id, plan_id) VALUES ($a, $p)", cancellationToken, ("$a", action.Id), ("$p", plan.Id)).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ResponsePlan?> GetPlanAsync(string planId, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var json = await ScalarAsync(db, "SELECT json FROM response_plans WHERE id = $id", cancellationToken, ("$id", planId)).ConfigureAwait(false);
        return json is string s ? ResponseJson.Deserialize<ResponsePlan>(s) : null;
    }

    /// <inheritdoc />
    public async Task<string?> FindPlanOfActionAsync(string actionId, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ScalarAsync(db, "SELECT plan_id FROM response_plan_actions WHERE action_id = $a", cancellationToken, ("$a", actionId)).ConfigureAwait(false) as string;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ResponsePlan>> ListPlansAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<ResponsePlan>();
        await using var cmd = Command(db, null, "SELECT json FROM response_plans ORDER BY created_at DESC, id DESC LIMIT $n", ("$n", limit));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ResponseJson.Deserialize<ResponsePlan>(reader.GetString(0))!);
        }

        return result;
    }

    /// <inheritdoc />
    public async Task RecordApprovalAsync(Approval approval, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(db, null, "INSERT INTO response_approvals (plan_id, action_id, approver, at) VALUES ($p, $a, $who, $at)", cancellationToken,
            ("$p", approval.PlanId), ("$a", approval.ActionId), ("$who", approval.Approver), ("$at", Ms(approval.At))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Approval>> ListApprovalsAsync(string planId, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<Approval>();
        await using var cmd = Command(db, null, "SELECT plan_id, action_id, approver, at FROM response_approvals WHERE plan_id = $p ORDER BY at", ("$p", planId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new Approval(reader.GetString(0), reader.GetString(1), reader.GetString(2), Time(reader.GetInt64(3))));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task SaveActionRecordAsync(ActionRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(db, null, "INSERT OR REPLACE INTO response_action_records (id, plan_id, json) VALUES ($id, $p, $json)", cancellationToken,
            ("$id", record.Id), ("$p", record.PlanId), ("$json", ResponseJson.Serialize(record))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ActionRecord?> GetActionRecordAsync(string actionId, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ScalarAsync(db, "SELECT json FROM response_action_records WHERE id = $id", cancellationToken, ("$id", actionId)).ConfigureAwait(false) is string s
            ? ResponseJson.Deserialize<ActionRecord>(s)
            : null;
    }

    /// <inheritdoc />
    public async Task UpsertBlocksAsync(IReadOnlyList<BlockRecord> blocks, CancellationToken cancellationToken = default)
    {
        if (blocks.Count == 0)
        {
            return;
        }

        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var block in blocks)
        {
            BlockRecord? existing = null;
            await using (var cmd = Command(db, tx, "SELECT * FROM response_blocks WHERE id = $id", ("$id", block.Id)))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    existing = ReadBlock(reader);
                }
            }

            var merged = existing is null ? block : InMemoryResponseStore.Merge(existing, block);
            await ExecuteAsync(db, tx, """
                INSERT OR REPLACE INTO response_blocks (id, address, kind, target, account, region, scope, rule_number, egress, created_at, expires_at, removed_at, removed_reason, finding_id, action_id, offence)
                VALUES ($id, $address, $kind, $target, $account, $region, $scope, $rule, $egress, $created, $expires, $removed, $reason, $finding, $action, $offence)
                """, cancellationToken,
                ("$id", merged.Id), ("$address", merged.Address), ("$kind", merged.Kind), ("$target", merged.Target), ("$account", merged.AccountId), ("$region", merged.Region),
                ("$scope", merged.Scope), ("$rule", merged.RuleNumber), ("$egress", merged.Egress is null ? null : merged.Egress.Value ? 1 : 0), ("$created", Ms(merged.CreatedAt)),
                ("$expires", Ms(merged.ExpiresAt)), ("$removed", merged.RemovedAt is { } r ? Ms(r) : null), ("$reason", merged.RemovedReason), ("$finding", merged.FindingId),
                ("$action", merged.ActionId), ("$offence", merged.Offence)).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task MarkBlocksRemovedAsync(IReadOnlyList<string> blockIds, DateTimeOffset at, string reason, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in blockIds)
        {
            await ExecuteAsync(db, tx, "UPDATE response_blocks SET removed_at = $at, removed_reason = $reason WHERE id = $id AND removed_at IS NULL", cancellationToken,
                ("$id", id), ("$at", Ms(at)), ("$reason", reason)).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BlockRecord>> ListBlocksAsync(BlockQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var where = new List<string>();
        var args = new List<(string, object?)> { ("$limit", query.Limit) };
        if (!query.IncludeRemoved)
        {
            where.Add("removed_at IS NULL");
        }

        if (query.Address is not null)
        {
            where.Add("address = $address");
            args.Add(("$address", query.Address));
        }

        if (query.Kind is not null)
        {
            where.Add("kind = $kind");
            args.Add(("$kind", query.Kind));
        }

        if (query.Target is not null)
        {
            where.Add("target = $target");
            args.Add(("$target", query.Target));
        }

        if (query.ExpiredBefore is { } before)
        {
            where.Add("expires_at <= $before");
            args.Add(("$before", Ms(before)));
        }

        var sql = "SELECT * FROM response_blocks" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY created_at, id LIMIT $limit";
        var result = new List<BlockRecord>();
        await using var cmd = Command(db, null, sql, [.. args]);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ReadBlock(reader));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<BlockHistory> GetBlockHistoryAsync(IReadOnlyCollection<string> addresses, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<BlockRecord>();

        // SQLite allows 32,766 parameters; 500 a query keeps statements small and cached.
        foreach (var chunk in addresses.Chunk(500))
        {
            var names = chunk.Select((_, i) => "$a" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            await using var cmd = Command(db, null, $"SELECT * FROM response_blocks WHERE address IN ({string.Join(',', names)})", [.. chunk.Select((a, i) => (names[i], (object?)a))]);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(ReadBlock(reader));
            }
        }

        var lastHour = Convert.ToInt32(await ScalarAsync(db, "SELECT COUNT(DISTINCT address) FROM response_blocks WHERE created_at > $from AND created_at <= $now", cancellationToken,
            ("$from", Ms(now - TimeSpan.FromHours(1))), ("$now", Ms(now))).ConfigureAwait(false), CultureInfo.InvariantCulture);
        return BlockHistoryCalculator.From(rows, lastHour, now);
    }

    /// <inheritdoc />
    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(db, null, "INSERT INTO response_audit (id, time, actor, action, subject, outcome, finding_id, details) VALUES ($id, $t, $actor, $action, $subject, $outcome, $finding, $details)", cancellationToken,
            ("$id", entry.Id), ("$t", Ms(entry.Time)), ("$actor", entry.Actor), ("$action", entry.Action), ("$subject", entry.Subject), ("$outcome", entry.Outcome),
            ("$finding", entry.FindingId), ("$details", entry.Details)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var where = new List<string>();
        var args = new List<(string, object?)> { ("$limit", query.Limit) };
        if (query.Subject is not null)
        {
            where.Add("subject = $subject");
            args.Add(("$subject", query.Subject));
        }

        if (query.FindingId is not null)
        {
            where.Add("finding_id = $finding");
            args.Add(("$finding", query.FindingId));
        }

        if (query.Since is { } since)
        {
            where.Add("time >= $since");
            args.Add(("$since", Ms(since)));
        }

        var sql = "SELECT id, time, actor, action, subject, outcome, finding_id, details FROM response_audit" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY time, rowid LIMIT $limit";
        var result = new List<AuditEntry>();
        await using var cmd = Command(db, null, sql, [.. args]);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new AuditEntry(reader.GetString(0), Time(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7)));
        }

        return result;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static BlockRecord ReadBlock(SqliteDataReader r) => new()
    {
        Id = r.GetString(r.GetOrdinal("id")),
        Address = r.GetString(r.GetOrdinal("address")),
        Kind = r.GetString(r.GetOrdinal("kind")),
        Target = r.GetString(r.GetOrdinal("target")),
        AccountId = Text(r, "account"),
        Region = Text(r, "region"),
        Scope = Text(r, "scope"),
        RuleNumber = r.IsDBNull(r.GetOrdinal("rule_number")) ? null : r.GetInt32(r.GetOrdinal("rule_number")),
        Egress = r.IsDBNull(r.GetOrdinal("egress")) ? null : r.GetInt32(r.GetOrdinal("egress")) == 1,
        CreatedAt = Time(r.GetInt64(r.GetOrdinal("created_at"))),
        ExpiresAt = Time(r.GetInt64(r.GetOrdinal("expires_at"))),
        RemovedAt = r.IsDBNull(r.GetOrdinal("removed_at")) ? null : Time(r.GetInt64(r.GetOrdinal("removed_at"))),
        RemovedReason = Text(r, "removed_reason"),
        FindingId = Text(r, "finding_id"),
        ActionId = Text(r, "action_id"),
        Offence = r.GetInt32(r.GetOrdinal("offence")),
    };

    private static string? Text(SqliteDataReader r, string column)
    {
        var i = r.GetOrdinal(column);
        return r.IsDBNull(i) ? null : r.GetString(i);
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteConnections.OpenAsync(_connectionString, cancellationToken);

    private static SqliteCommand Command(SqliteConnection db, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args) =>
        SqliteConnections.Command(db, tx, sql, args);

    private static async Task ExecuteAsync(SqliteConnection db, SqliteTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] args)
    {
        await using var cmd = Command(db, tx, sql, args);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection db, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] args)
    {
        await using var cmd = Command(db, null, sql, args);
        var value = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }
}
