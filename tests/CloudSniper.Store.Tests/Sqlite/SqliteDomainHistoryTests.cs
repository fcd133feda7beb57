using CloudSniper.Core.Dns;
using CloudSniper.Store.Sqlite;
using CloudSniper.Testing;

namespace CloudSniper.Store.Tests.Sqlite;

/// <summary>The domain-history contract on SQLite files, beside the knowledge base's own tables.</summary>
public sealed class SqliteDomainHistoryTests : DomainHistoryContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cs-domains-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    protected override async Task<IDomainHistory> OpenAsync()
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".db");
        await using (var kb = new SqliteKnowledgeBase(path))
        {
            await kb.InitializeAsync(TestContext.Current.CancellationToken);
        }

        return new SqliteDomainHistory(path);
    }

    protected override Task<(DateTimeOffset First, DateTimeOffset Last)?> GetAsync(IDomainHistory history, string domain) =>
        ((SqliteDomainHistory)history).GetAsync(domain, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Two_handles_on_one_file_share_the_history()
    {
        var path = Path.Combine(_dir, "shared.db");
        var at = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        await new SqliteDomainHistory(path).RecordAsync(["example.com"], at, TestContext.Current.CancellationToken);
        var update = await new SqliteDomainHistory(path).RecordAsync(["example.com", "other.example"], at, TestContext.Current.CancellationToken);
        Assert.False(update.WasEmpty);
        Assert.Equal(["other.example"], update.New);
    }
}
