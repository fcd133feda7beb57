using CloudSniper.Core.Iam.Retirement;
using Microsoft.Data.Sqlite;

namespace CloudSniper.Store.Sqlite;

/// <summary>
/// The IAM retirement clock in SQLite, in the response store's file: one row per credential with the time (Unix
/// milliseconds, UTC) its owner was first notified. Its table is created here, apart from the other schemas.
/// </summary>
public sealed class SqliteRetirementClockStore(string path) : IRetirementClockStore
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = db.CreateCommand();
        command.CommandText = "CREATE TABLE IF NOT EXISTS iam_retirement_notices (credential TEXT PRIMARY KEY, first_notified_at INTEGER NOT NULL)";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> ListNoticesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT credential, first_notified_at FROM iam_retirement_notices";
        var notices = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            notices[reader.GetString(0)] = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
        }

        return notices;
    }

    /// <inheritdoc />
    public async Task RecordNoticeAsync(string credential, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = db.CreateCommand();

        // The earliest notice wins: a repeated notification never restarts the grace period.
        command.CommandText = """
            INSERT INTO iam_retirement_notices (credential, first_notified_at) VALUES ($c, $at)
            ON CONFLICT (credential) DO UPDATE SET first_notified_at = MIN(first_notified_at, excluded.first_notified_at)
            """;
        command.Parameters.AddWithValue("$c", credential);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RemoveNoticesAsync(IReadOnlyCollection<string> credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        await using var db = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var credential in credentials)
        {
            await using var command = db.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "DELETE FROM iam_retirement_notices WHERE credential = $c";
            command.Parameters.AddWithValue("$c", credential);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var db = new SqliteConnection(_connectionString);
        await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        return db;
    }
}
