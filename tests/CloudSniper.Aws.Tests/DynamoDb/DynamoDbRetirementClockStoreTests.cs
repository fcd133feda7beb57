using Amazon.DynamoDBv2;
using CloudSniper.Aws.DynamoDb;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>The IAM retirement clock in the response store's DynamoDB table (moto): the first notice wins, removal forgets.</summary>
public sealed class DynamoDbRetirementClockStoreTests : IClassFixture<MotoServerFixture>
{
    private readonly AmazonDynamoDBClient _client;

    public DynamoDbRetirementClockStoreTests(MotoServerFixture moto)
    {
        ArgumentNullException.ThrowIfNull(moto);
        moto.EnsureRunning();
        _client = TestDynamoDbClients.For(moto.ServiceUrl);
    }

    [Fact]
    public async Task RecordNotice_GivenALaterNoticeFromAnotherWorker_KeepsTheFirst_AndRemoveForgets()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = "response-" + Guid.NewGuid().ToString("N");
        await using (var response = new DynamoDbResponseStore(_client, table))
        {
            await response.InitializeAsync(ct);
        }

        var first = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var one = new DynamoDbRetirementClockStore(_client, table);
        var two = new DynamoDbRetirementClockStore(_client, table);
        await one.RecordNoticeAsync("111122223333|carol|key-unused|AKIAIOSFODNN7EXAMPLE", first, ct);
        await two.RecordNoticeAsync("111122223333|carol|key-unused|AKIAIOSFODNN7EXAMPLE", first.AddDays(2), ct);
        await two.RecordNoticeAsync("111122223333|bob|password-unused|", first.AddDays(1), ct);

        var notices = await two.ListNoticesAsync(ct);
        Assert.Equal(2, notices.Count);
        Assert.Equal(first, notices["111122223333|carol|key-unused|AKIAIOSFODNN7EXAMPLE"]);

        await one.RemoveNoticesAsync(["111122223333|carol|key-unused|AKIAIOSFODNN7EXAMPLE"], ct);
        Assert.Equal(["111122223333|bob|password-unused|"], (await two.ListNoticesAsync(ct)).Keys);

        // A notice after removal starts a new clock.
        await one.RecordNoticeAsync("111122223333|carol|key-unused|AKIAIOSFODNN7EXAMPLE", first.AddDays(5), ct);
        Assert.Equal(first.AddDays(5), (await two.ListNoticesAsync(ct))["111122223333|carol|key-unused|AKIAIOSFODNN7EXAMPLE"]);
    }
}
