using CloudSniper.Core.Access;
using Microsoft.Data.Sqlite;

namespace CloudSniper.Store.Sqlite;

/// <summary>
/// API keys and remembered feed signatures in SQLite, in <c>access_*</c> tables of the knowledge base's file.
/// Times are Unix milliseconds (UTC).
/// </summary>
public sealed class SqliteAccessStore : IApiKeyStore, IReplayGuard
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;

    /// <summary>Opens (lazily) the database file at <paramref name="path"/>.</summary>
    public SqliteAccessStore(string path, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS access_api_keys (
                name TEXT PRIMARY KEY, role TEXT NOT NULL, accounts TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL, revoked_at INTEGER);
            CREATE TABLE IF NOT EXISTS access_feed_signatures (
                feed TEXT NOT NULL, signature TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (feed, signature));
            CREATE INDEX IF NOT EXISTS access_feed_signatures_expiry ON access_feed_signatures (expires_at);
            """;
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> CreateAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "INSERT OR IGNORE INTO access_api_keys (name, role, accounts, hash, created_at, revoked_at) VALUES ($n, $r, $a, $h, $c, $v)";
        cmd.Parameters.AddWithValue("$n", key.Name);
        cmd.Parameters.AddWithValue("$r", key.Role.ToString().ToLowerInvariant());
        cmd.Parameters.AddWithValue("$a", string.Join(',', key.Accounts.IsDefault ? [] : key.Accounts));
        cmd.Parameters.AddWithValue("$h", key.Hash);
        cmd.Parameters.AddWithValue("$c", key.CreatedAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$v", key.RevokedAt is { } r ? r.ToUnixTimeMilliseconds() : DBNull.Value);
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<ApiKey?> FindByHashAsync(string hash, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT name, role, accounts, hash, created_at, revoked_at FROM access_api_keys WHERE hash = $h";
        cmd.Parameters.AddWithValue("$h", hash);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT name, role, accounts, hash, created_at, revoked_at FROM access_api_keys ORDER BY name";
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task<bool> RevokeAsync(string name, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "UPDATE access_api_keys SET revoked_at = $at WHERE name = $n AND revoked_at IS NULL";
        cmd.Parameters.AddWithValue("$n", name);
        cmd.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> TryRecordAsync(string feed, string signature, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var purge = db.CreateCommand())
        {
            // Expired signatures can no longer be replayed (their timestamp is outside the accepted skew), so they go.
            purge.Transaction = tx;
            purge.CommandText = "DELETE FROM access_feed_signatures WHERE expires_at < $now";
            purge.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            await purge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT OR IGNORE INTO access_feed_signatures (feed, signature, expires_at) VALUES ($f, $s, $e)";
        cmd.Parameters.AddWithValue("$f", feed);
        cmd.Parameters.AddWithValue("$s", signature);
        cmd.Parameters.AddWithValue("$e", expiresAt.ToUnixTimeMilliseconds());
        var inserted = await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static ApiKey Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        Enum.Parse<ApiRole>(reader.GetString(1), ignoreCase: true),
        [.. reader.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries)],
        reader.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteConnections.OpenAsync(_connectionString, cancellationToken);
}
