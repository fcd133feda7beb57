using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Aws.DynamoDb;
using CloudSniper.Core.Iocs;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>The single-table layout on dynalite: the keys, the index and the TTL attribute other tools rely on.</summary>
public sealed class DynamoDbLayoutTests : IClassFixture<DynaliteFixture>, IAsyncDisposable
{
    private readonly AmazonDynamoDBClient _client;
    private readonly string _table = "layout-" + Guid.NewGuid().ToString("N");

    public DynamoDbLayoutTests(DynaliteFixture dynalite)
    {
        ArgumentNullException.ThrowIfNull(dynalite);
        dynalite.EnsureRunning();
        _client = TestDynamoDbClients.For(dynalite.ServiceUrl);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Initializing_creates_an_on_demand_table_with_its_index()
    {
        await new DynamoDbKnowledgeBase(_client, _table).InitializeAsync(Ct);

        var table = (await _client.DescribeTableAsync(_table, Ct)).Table;
        Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary?.BillingMode ?? BillingMode.PAY_PER_REQUEST);
        Assert.Equal(["PK", "SK"], table.KeySchema.Select(k => k.AttributeName));
        var index = Assert.Single(table.GlobalSecondaryIndexes);
        Assert.Equal("GSI1", index.IndexName);
        Assert.Equal(["GSI1PK", "GSI1SK"], index.KeySchema.Select(k => k.AttributeName));
    }

    [Fact]
    public async Task Findings_indicators_sightings_and_incidents_live_under_their_documented_keys()
    {
        var store = new DynamoDbKnowledgeBase(_client, _table);
        await store.InitializeAsync(Ct);

        await store.CommitAsync([TestFindings.GuardDuty("f1", TestFindings.T0, ["198.51.100.1"], instanceId: "i-1")], Ct);

        Assert.NotNull(await GetAsync("FINDING#f1", "META"));
        Assert.NotNull(await GetAsync("IOC#198.51.100.1", "META"));
        Assert.NotNull(await GetAsync("IOC#198.51.100.1", "SIGHTING#f1"));
        Assert.NotNull(await GetAsync("INCIDENT#" + Core.KnowledgeBase.Incident.IdFor(Core.KnowledgeBase.IncidentKind.Resource, "Instance:i-1"), "META"));
    }

    [Fact]
    public async Task An_expiring_indicator_carries_its_expiry_as_a_ttl_in_epoch_seconds_and_loses_it_when_renewed_without_one()
    {
        var store = new DynamoDbKnowledgeBase(_client, _table);
        await store.InitializeAsync(Ct);
        var expires = TestFindings.T0.AddDays(7);
        var observation = new IocObservation("evil.example.com", IocType.Domain, IocRole.FeedIndicator, 50);

        await store.AddIocAsync(observation, "feed:abuse", TestFindings.T0, expires, null, Ct);
        var item = await GetAsync("IOC#evil.example.com", "META");

        Assert.Equal(expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item!["ttl"].N);

        await store.AddIocAsync(observation, "feed:abuse", TestFindings.T0.AddHours(1), null, null, Ct);

        Assert.False((await GetAsync("IOC#evil.example.com", "META"))!.ContainsKey("ttl"));
    }

    [Fact]
    public async Task A_raw_document_too_large_for_an_item_is_stored_compressed()
    {
        var store = new DynamoDbKnowledgeBase(_client, _table);
        await store.InitializeAsync(Ct);
        var big = TestFindings.Rich("big") with { Raw = "{\"padding\":\"" + new string('x', 500_000) + "\"}" };

        await store.CommitAsync([new Core.KnowledgeBase.FindingWithIocs(big, [])], Ct);
        var item = await GetAsync("FINDING#big", "META");

        Assert.True(item!.ContainsKey("rawz"));
        Assert.False(item.ContainsKey("raw"));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.DeleteTableAsync(_table);
        }
        catch (ResourceNotFoundException)
        {
        }

        _client.Dispose();
    }

    private async Task<Dictionary<string, AttributeValue>?> GetAsync(string pk, string sk)
    {
        var response = await _client.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = new() { ["PK"] = new AttributeValue { S = pk }, ["SK"] = new AttributeValue { S = sk } }, ConsistentRead = true },
            Ct);
        return response.Item is { Count: > 0 } item ? item : null;
    }
}
