using CloudSniper.Core.Access;
using CloudSniper.Store.Sqlite;
using CloudSniper.Testing;

namespace CloudSniper.Store.Tests.Sqlite;

/// <summary>The access-store contract on SQLite, a fresh file per test.</summary>
public sealed class SqliteAccessStoreTests : AccessStoreContract, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "sniper-access-" + Guid.NewGuid().ToString("n") + ".db");

    protected override async Task<(IApiKeyStore Keys, IReplayGuard Replay)> OpenAsync(TimeProvider time)
    {
        var store = new SqliteAccessStore(_path, time);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return (store, store);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
