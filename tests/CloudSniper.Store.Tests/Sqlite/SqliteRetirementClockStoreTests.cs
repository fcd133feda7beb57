using CloudSniper.Store.Sqlite;

namespace CloudSniper.Store.Tests.Sqlite;

/// <summary>The IAM retirement clock in a real SQLite file: the first notice wins, removal forgets, a reopened file remembers.</summary>
public sealed class SqliteRetirementClockStoreTests : IDisposable
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("sniper-clock-").FullName, "store.db");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    [Fact]
    public async Task RecordNotice_GivenALaterNotice_KeepsTheFirst_AndRemoveForgets()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var store = new SqliteRetirementClockStore(_path);
        await store.InitializeAsync(ct);

        await store.RecordNoticeAsync("111122223333|carol|key-unused|1", first, ct);
        await store.RecordNoticeAsync("111122223333|carol|key-unused|1", first.AddDays(3), ct);
        await store.RecordNoticeAsync("111122223333|bob|password-unused|", first.AddDays(1), ct);

        var reopened = new SqliteRetirementClockStore(_path);
        await reopened.InitializeAsync(ct);
        var notices = await reopened.ListNoticesAsync(ct);
        Assert.Equal(first, notices["111122223333|carol|key-unused|1"]);
        Assert.Equal(first.AddDays(1), notices["111122223333|bob|password-unused|"]);

        await reopened.RemoveNoticesAsync(["111122223333|carol|key-unused|1"], ct);
        Assert.Equal(["111122223333|bob|password-unused|"], (await reopened.ListNoticesAsync(ct)).Keys);
    }
}
