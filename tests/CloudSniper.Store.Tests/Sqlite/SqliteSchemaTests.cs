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
    public async Task A_new_database_uses_16_KB_pages_and_an_existing_one_keeps_its_own()
    {
        await using (var store = new SqliteKnowledgeBase(DbPath))
        {
            await store.InitializeAsync(Ct);
        }

        var older = Path.Combine(_directory, "older.db");
        using (var connection = new SqliteConnection($"Data Source={older};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size = 4096; CREATE TABLE t (x);";
            command.ExecuteNonQuery();
        }

        await using (var store = new SqliteKnowledgeBase(older))
        {
            await store.InitializeAsync(Ct);
            await store.CommitAsync([TestFindings.GuardDuty("f-1", TestFindings.T0, ["198.51.100.7"])], Ct);
        }

        Assert.Equal(16384L, Scalar("PRAGMA page_size"));
        using var check = new SqliteConnection($"Data Source={older};Pooling=False");
        check.Open();
        using var pageSize = check.CreateCommand();
        pageSize.CommandText = "PRAGMA page_size";
        Assert.Equal(4096L, pageSize.ExecuteScalar());
    }

    [Fact]
    public async Task A_finding_is_stored_compressed_with_its_raw_document_and_reads_back_whole()
    {
        var raw = "{\"id\":\"f-1\",\"detail\":\"" + string.Concat(Enumerable.Repeat("198.51.100.7 probed port 22; ", 200)) + "\"}";
        var item = TestFindings.GuardDuty("f-1", TestFindings.T0, ["198.51.100.7"]);
        item = item with { Finding = item.Finding with { Raw = raw } };
        await using var store = new SqliteKnowledgeBase(DbPath);
        await store.InitializeAsync(Ct);

        await store.CommitAsync([item], Ct);

        var stored = (byte[])Scalar("SELECT doc FROM findings WHERE id = 'f-1'")!;
        Assert.True(FindingDocument.IsEncoded(stored));
        Assert.True(stored.Length < raw.Length / 4, $"{stored.Length} bytes stored for {raw.Length}");
        Assert.Equal("", Scalar("SELECT raw FROM findings WHERE id = 'f-1'"));
        var read = await store.GetFindingAsync("f-1", Ct);
        Assert.Equal(raw, read!.Raw);
        Assert.Equal(FindingJson.ToJson(item.Finding), FindingJson.ToJson(read));
    }

    [Fact]
    public async Task A_finding_stored_as_plain_json_beside_its_raw_text_still_reads_back()
    {
        var finding = TestFindings.GuardDuty("legacy-1", TestFindings.T0, []).Finding with { Raw = "{\"id\":\"legacy-1\"}" };
        await using var store = new SqliteKnowledgeBase(DbPath);
        await store.InitializeAsync(Ct);
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO findings (id, updated, version, source, type, severity, account_id, doc, raw) VALUES ('legacy-1', 0, 1, 'GuardDuty', $type, 5, NULL, $doc, $raw)";
            command.Parameters.AddWithValue("$type", finding.Type.Raw);
            command.Parameters.AddWithValue("$doc", FindingJson.ToUtf8Bytes(finding with { Raw = "" }));
            command.Parameters.AddWithValue("$raw", finding.Raw);
            command.ExecuteNonQuery();
        }

        var read = await store.GetFindingAsync("legacy-1", Ct);

        Assert.Equal(finding.Raw, read!.Raw);
        Assert.Equal(FindingJson.ToJson(finding), FindingJson.ToJson(read));
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
