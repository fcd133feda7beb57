using System.Text.Json;
using CloudSniper.Core.Jobs;
using Microsoft.Data.Sqlite;

namespace CloudSniper.Store.Sqlite;

/// <summary>
/// The job store in SQLite: leases and run history in <c>job_runs</c> (one row per job and occurrence), watermarks in
/// <c>job_watermarks</c>, created when the store opens. Acquiring is one upsert whose conflict branch updates only an
/// expired or released row, so of several processes on one file exactly one gets a lease; SQLite runs each statement
/// atomically and serialises writers on the file lock (busy_timeout waits for it). Times are Unix milliseconds (UTC).
/// Follows the lease semantics of <see cref="IJobStore"/>.
/// </summary>
public sealed class SqliteJobStore : IJobStore
{
    private const string Columns = "job, occurrence, owner, acquired_at, heartbeat_at, expires_at, state, trigger, ended_at, figures, error, taken_over_from";

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    /// <summary>Opens (lazily) the database file at <paramref name="path"/>; "now" comes from <paramref name="time"/>.</summary>
    public SqliteJobStore(string path, TimeProvider? time = null)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(db, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS job_runs (
                job TEXT NOT NULL, occurrence INTEGER NOT NULL, owner TEXT NOT NULL, acquired_at INTEGER NOT NULL,
                heartbeat_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, state TEXT NOT NULL, trigger TEXT NOT NULL,
                ended_at INTEGER, figures TEXT, error TEXT, taken_over_from TEXT, PRIMARY KEY (job, occurrence));
            CREATE INDEX IF NOT EXISTS job_runs_occurrence ON job_runs (occurrence);
            CREATE TABLE IF NOT EXISTS job_watermarks (job TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);
            """, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JobRun?> TryAcquireAsync(string job, DateTimeOffset occurrence, string owner, TimeSpan lease, JobTrigger trigger, CancellationToken cancellationToken = default)
    {
        var now = Now();
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // The conflict branch runs only for a row that may be taken over; the old owner is read before the update.
        await using var cmd = Command(db, null, $"""
            INSERT INTO job_runs ({Columns})
            VALUES ($job, $occ, $owner, $now, $now, $expires, 'running', $trigger, NULL, NULL, NULL, NULL)
            ON CONFLICT (job, occurrence) DO UPDATE SET
                taken_over_from = job_runs.owner, owner = excluded.owner, acquired_at = excluded.acquired_at,
                heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at, state = 'running', ended_at = NULL,
                figures = NULL, error = NULL
            WHERE job_runs.state = 'abandoned' OR (job_runs.state = 'running' AND job_runs.expires_at <= $now)
            RETURNING {Columns}
            """,
            ("$job", job), ("$occ", Ms(occurrence)), ("$owner", owner), ("$now", now), ("$expires", now + (long)lease.TotalMilliseconds),
            ("$trigger", Name(trigger)));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async Task<bool> HeartbeatAsync(string job, DateTimeOffset occurrence, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = Now();
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(db, null, """
            UPDATE job_runs SET heartbeat_at = $now, expires_at = $expires
            WHERE job = $job AND occurrence = $occ AND owner = $owner AND state = 'running' AND expires_at > $now
            """, cancellationToken, ("$job", job), ("$occ", Ms(occurrence)), ("$owner", owner), ("$now", now), ("$expires", now + (long)lease.TotalMilliseconds)).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> CompleteAsync(string job, DateTimeOffset occurrence, string owner, JobOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var now = Now();
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await ExecuteAsync(db, tx, """
            UPDATE job_runs SET state = $state, ended_at = $now, figures = $figures, error = $error
            WHERE job = $job AND occurrence = $occ AND owner = $owner AND state = 'running'
            """, cancellationToken, ("$job", job), ("$occ", Ms(occurrence)), ("$owner", owner), ("$now", now),
            ("$state", outcome.Succeeded ? "succeeded" : "failed"), ("$figures", JsonSerializer.Serialize(outcome.Figures)), ("$error", outcome.Error)).ConfigureAwait(false);
        if (changed == 1 && outcome.Succeeded && outcome.Watermark is { } watermark)
        {
            await SetWatermarkAsync(db, tx, job, watermark, now, cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    /// <inheritdoc />
    public async Task<bool> ReleaseAsync(string job, DateTimeOffset occurrence, string owner, CancellationToken cancellationToken = default)
    {
        var now = Now();
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(db, null, """
            UPDATE job_runs SET state = 'abandoned', ended_at = $now, expires_at = $now
            WHERE job = $job AND occurrence = $occ AND owner = $owner AND state = 'running'
            """, cancellationToken, ("$job", job), ("$occ", Ms(occurrence)), ("$owner", owner), ("$now", now)).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<JobRun?> GetRunAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(db, null, $"SELECT {Columns} FROM job_runs WHERE job = $job AND occurrence = $occ", ("$job", job), ("$occ", Ms(occurrence)));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobRun>> ListRunsAsync(string? job, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = job is null
            ? Command(db, null, $"SELECT {Columns} FROM job_runs ORDER BY occurrence DESC, job LIMIT $n", ("$n", limit))
            : Command(db, null, $"SELECT {Columns} FROM job_runs WHERE job = $job ORDER BY occurrence DESC LIMIT $n", ("$job", job), ("$n", limit));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var runs = new List<JobRun>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            runs.Add(Read(reader));
        }

        return runs;
    }

    /// <inheritdoc />
    public async Task<string?> GetWatermarkAsync(string job, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(db, null, "SELECT value FROM job_watermarks WHERE job = $job", ("$job", job));
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <inheritdoc />
    public async Task SetWatermarkAsync(string job, string watermark, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await SetWatermarkAsync(db, null, job, watermark, Now(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Task<int> SetWatermarkAsync(SqliteConnection db, SqliteTransaction? tx, string job, string watermark, long now, CancellationToken cancellationToken) =>
        ExecuteAsync(db, tx, "INSERT INTO job_watermarks (job, value, updated_at) VALUES ($job, $value, $now) ON CONFLICT (job) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            cancellationToken, ("$job", job), ("$value", watermark), ("$now", now));

    private static JobRun Read(SqliteDataReader r) => new()
    {
        Job = r.GetString(0),
        Occurrence = Time(r.GetInt64(1)),
        Owner = r.GetString(2),
        AcquiredAt = Time(r.GetInt64(3)),
        HeartbeatAt = Time(r.GetInt64(4)),
        ExpiresAt = Time(r.GetInt64(5)),
        State = Enum.Parse<JobRunState>(r.GetString(6), ignoreCase: true),
        Trigger = Enum.Parse<JobTrigger>(r.GetString(7), ignoreCase: true),
        EndedAt = r.IsDBNull(8) ? null : Time(r.GetInt64(8)),
        Figures = r.IsDBNull(9) ? new Dictionary<string, long>() : JsonSerializer.Deserialize<Dictionary<string, long>>(r.GetString(9)) ?? [],
        Error = r.IsDBNull(10) ? null : r.GetString(10),
        TakenOverFrom = r.IsDBNull(11) ? null : r.GetString(11),
    };

    private static string Name(JobTrigger trigger) => trigger.ToString().ToLowerInvariant();

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteConnections.OpenAsync(_connectionString, cancellationToken);

    private static SqliteCommand Command(SqliteConnection db, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args) =>
        SqliteConnections.Command(db, tx, sql, args);

    private static async Task<int> ExecuteAsync(SqliteConnection db, SqliteTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] args)
    {
        await using var cmd = Command(db, tx, sql, args);
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
