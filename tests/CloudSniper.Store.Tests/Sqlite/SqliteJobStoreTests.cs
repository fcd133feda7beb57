using CloudSniper.Core.Jobs;
using CloudSniper.Store.Sqlite;
using CloudSniper.Testing;

namespace CloudSniper.Store.Tests.Sqlite;

/// <summary>The job-store contract on one SQLite file shared by every store object of a test.</summary>
public sealed class SqliteJobStoreTests : JobStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-jobs-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    protected override IJobStore Open(TimeProvider time) => new SqliteJobStore(Path.Combine(_dir, "sniper.db"), time);
}
