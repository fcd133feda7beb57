using CloudSniper.Core.Dns;

namespace CloudSniper.Testing;

/// <summary>The behaviour every domain history must have (in memory, SQLite, DynamoDB). Derive and implement <see cref="OpenAsync"/>.</summary>
public abstract class DomainHistoryContract
{
    private static readonly DateTimeOffset Day1 = new(2026, 11, 20, 23, 59, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Opens an empty history.</summary>
    protected abstract Task<IDomainHistory> OpenAsync();

    /// <summary>When the history has <paramref name="domain"/> first and last.</summary>
    protected abstract Task<(DateTimeOffset First, DateTimeOffset Last)?> GetAsync(IDomainHistory history, string domain);

    [Fact]
    public async Task A_first_record_is_the_baseline_and_every_domain_is_new()
    {
        var history = await OpenAsync();
        var update = await history.RecordAsync(["example.com", "example.org"], Day1, Ct);
        Assert.True(update.WasEmpty);
        Assert.Equal(["example.com", "example.org"], update.New.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Later_records_report_only_domains_never_seen()
    {
        var history = await OpenAsync();
        await history.RecordAsync(["example.com", "example.org"], Day1, Ct);
        var update = await history.RecordAsync(["example.org", "newly-seen.net"], Day1.AddDays(1), Ct);
        Assert.False(update.WasEmpty);
        Assert.Equal(["newly-seen.net"], update.New);
        var again = await history.RecordAsync(["newly-seen.net"], Day1.AddDays(2), Ct);
        Assert.Empty(again.New);
    }

    [Fact]
    public async Task First_and_last_times_widen_whatever_order_runs_come_in()
    {
        var history = await OpenAsync();
        await history.RecordAsync(["example.com"], Day1, Ct);
        await history.RecordAsync(["example.com"], Day1.AddDays(3), Ct);
        await history.RecordAsync(["example.com"], Day1.AddDays(-2), Ct);
        await history.RecordAsync(["example.com"], Day1.AddDays(1), Ct);
        Assert.Equal((Day1.AddDays(-2), Day1.AddDays(3)), await GetAsync(history, "example.com"));
        Assert.Null(await GetAsync(history, "never.example"));
    }

    [Fact]
    public async Task An_empty_record_changes_nothing_but_ends_the_baseline()
    {
        var history = await OpenAsync();
        var first = await history.RecordAsync([], Day1, Ct);
        Assert.True(first.WasEmpty);
        Assert.Empty(first.New);
        var second = await history.RecordAsync(["example.com"], Day1.AddDays(1), Ct);
        Assert.Equal(["example.com"], second.New);
    }
}
