using CloudSniper.Core.KnowledgeBase;
using Microsoft.Data.Sqlite;

namespace CloudSniper.Store.Sqlite;

/// <summary>
/// The embedded knowledge base: one SQLite file in WAL mode. Writes go through one connection, one transaction
/// per call; reads use their own pooled connections, so they run beside a commit and never wait for it.
/// Several processes may open the same file: SQLite serialises their writes.
/// </summary>
public sealed partial class SqliteKnowledgeBase : IKnowledgeBase
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _writer;
    private CommitCommands? _commands;

    /// <summary>Creates a knowledge base over the SQLite file at <paramref name="path"/>; nothing is opened until <see cref="InitializeAsync"/>.</summary>
    public SqliteKnowledgeBase(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        _time = timeProvider ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Another process holding the write lock makes us wait (SQLite's busy handling) up to this long.
            DefaultTimeout = 60,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_writer is not null)
            {
                return;
            }

            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var writer = new SqliteConnection(_connectionString);
            await writer.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // 16 KB pages (set before the first table, so a store keeps the size it was created with): a commit
                // touches index pages at random and SQLite writes each one to the WAL with its own system calls, so
                // fewer, larger pages cost less than many small ones; ingest measured 5-7 % faster than at 4 KB.
                // WAL lets readers run during a commit; NORMAL syncs at checkpoints only, which in WAL mode can lose
                // the last commits on power loss but never corrupts the file (OFF would make ingest 10 % faster, at
                // that risk). A 16 MB page cache holds the upper levels of the indexes a commit walks. Checkpointing
                // every 256 MB of WAL (16,384 pages) rather than every few MB copies a hot page once for many
                // commits; the WAL file is cut back to 64 MB after. It runs in the writer on purpose: a checkpointer
                // beside it never lets the WAL restart, and it grew past a gigabyte.
                Execute(writer, null, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 16384; PRAGMA journal_size_limit = 67108864;");
                Migrate(writer);
                _commands = new CommitCommands(writer);
                _writer = writer;
            }
            catch
            {
                await writer.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _commands?.Dispose();
            _commands = null;
            if (_writer is not null)
            {
                SqliteConnection.ClearPool(_writer);
                await _writer.DisposeAsync().ConfigureAwait(false);
                _writer = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void Migrate(SqliteConnection connection)
    {
        // IMMEDIATE takes the write lock first, so two processes initialising one file migrate it once.
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SqliteSchema.Migrations.Length)
        {
            throw new InvalidOperationException($"the knowledge base was written by a newer version (schema {version}, this one knows {SqliteSchema.Migrations.Length})");
        }

        for (var i = version; i < SqliteSchema.Migrations.Length; i++)
        {
            Execute(connection, transaction, SqliteSchema.Migrations[i]);
        }

        Execute(connection, transaction, $"PRAGMA user_version = {SqliteSchema.Migrations.Length};");
        transaction.Commit();
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private SqliteConnection Writer => _writer ?? throw new InvalidOperationException("call InitializeAsync before using the knowledge base");

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
