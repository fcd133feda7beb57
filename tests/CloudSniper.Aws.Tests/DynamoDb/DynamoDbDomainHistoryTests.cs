using Amazon.DynamoDBv2;
using CloudSniper.Aws.DynamoDb;
using CloudSniper.Core.Dns;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>The domain-history contract on DynamoDB (dynalite), in the knowledge base's table.</summary>
public sealed class DynamoDbDomainHistoryTests : DomainHistoryContract, IClassFixture<DynaliteFixture>, IDisposable
{
    private readonly AmazonDynamoDBClient _client;

    public DynamoDbDomainHistoryTests(DynaliteFixture dynalite)
    {
        ArgumentNullException.ThrowIfNull(dynalite);
        dynalite.EnsureRunning();
        _client = TestDynamoDbClients.For(dynalite.ServiceUrl);
    }

    public void Dispose() => _client.Dispose();

    protected override async Task<IDomainHistory> OpenAsync()
    {
        var table = "kb-" + Guid.NewGuid().ToString("N");
        await using (var kb = new DynamoDbKnowledgeBase(_client, table, TimeProvider.System))
        {
            await kb.InitializeAsync(TestContext.Current.CancellationToken);
        }

        return new DynamoDbDomainHistory(_client, table);
    }

    protected override Task<(DateTimeOffset First, DateTimeOffset Last)?> GetAsync(IDomainHistory history, string domain) =>
        ((DynamoDbDomainHistory)history).GetAsync(domain, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Of_concurrent_workers_recording_one_new_domain_exactly_one_reports_it()
    {
        var history = await OpenAsync();
        var at = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        await history.RecordAsync(["baseline.example"], at, TestContext.Current.CancellationToken);
        var updates = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => history.RecordAsync(["contested.example"], at, TestContext.Current.CancellationToken)));
        Assert.Equal(1, updates.Count(u => u.New.Contains("contested.example")));
    }
}
