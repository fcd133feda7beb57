using Microsoft.Data.Sqlite;

namespace CloudSniper.Store.Sqlite;

/// <summary>Connections and commands as every SQLite store of the product opens them.</summary>
internal static class SqliteConnections
{
    /// <summary>
    /// An open connection that waits up to 5 s for another connection's write lock (several workers and the CLI may share
    /// one file) instead of failing at once with SQLITE_BUSY.
    /// </summary>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var db = new SqliteConnection(connectionString);
        await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = db.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return db;
    }

    /// <summary>A command in <paramref name="tx"/> with its named parameters (null as SQL NULL).</summary>
    public static SqliteCommand Command(SqliteConnection db, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd;
    }
}
