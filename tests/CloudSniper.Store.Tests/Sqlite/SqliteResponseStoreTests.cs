using CloudSniper.Core.Response.Store;
using CloudSniper.Store.Sqlite;
using CloudSniper.Testing;

namespace CloudSniper.Store.Tests.Sqlite;

/// <summary>The response-store contract on SQLite files.</summary>
public sealed class SqliteResponseStoreTests : ResponseStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-response-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    protected override async Task<IResponseStore> OpenAsync()
    {
        var store = new SqliteResponseStore(Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".db"));
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }
}
