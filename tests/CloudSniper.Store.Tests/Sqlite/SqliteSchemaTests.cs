using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Store.Sqlite;
using CloudSniper.Testing;
using Microsoft.Data.Sqlite;

namespace CloudSniper.Store.Tests.Sqlite;

/// <summary>What the SQLite file itself guarantees, beyond the contract.</summary>
public sealed class SqliteSchemaTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sniper-schema-" + Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(_directory, "kb.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Initializing_creates_a_WAL_database_with_its_schema_version()
    {
        await using (var store = new SqliteKnowledgeBase(DbPath))
        {
            await store.InitializeAsync(Ct);
        }

        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
        Assert.Equal((long)SqliteSchema.Migrations.Length, Scalar("PRAGMA user_version"));
    }

    [Fact]
    public void Constructing_a_store_touches_no_file()
    {
        _ = new SqliteKnowledgeBase(DbPath);

        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public async Task A_database_written_by_a_newer_version_is_refused()
    {
        Directory.CreateDirectory(_directory);
        Execute("PRAGMA user_version = 99");
        await using var store = new SqliteKnowledgeBase(DbPath);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(Ct));

        Assert.Contains("newer version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_table_refuses_updates_and_deletes_even_through_plain_SQL()
    {
        await using (var store = new SqliteKnowledgeBase(DbPath))
        {
            await store.InitializeAsync(Ct);
            await store.AppendAuditAsync(new AuditEntry("a1", TestFindings.T0, "sniper", "block-ip", "198.51.100.1", "ok", null, "{}"), Ct);
        }

        Assert.Throws<SqliteException>(() => Execute("UPDATE audit SET outcome = 'forged'"));
        Assert.Throws<SqliteException>(() => Execute("DELETE FROM audit"));
        Assert.Equal("ok", Scalar("SELECT outcome FROM audit WHERE id = 'a1'"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
