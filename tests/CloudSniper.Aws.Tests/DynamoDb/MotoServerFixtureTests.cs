using Amazon.DynamoDBv2.Model;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>The moto fixture starts a working emulator and resets it.</summary>
public sealed class MotoServerFixtureTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>
{
    [Fact]
    public async Task Moto_serves_DynamoDB_and_reset_clears_it()
    {
        moto.EnsureRunning();
        using var client = TestDynamoDbClients.For(moto.ServiceUrl);
        var ct = TestContext.Current.CancellationToken;
        await client.CreateTableAsync(
            new CreateTableRequest
            {
                TableName = "smoke",
                BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new AttributeDefinition("PK", Amazon.DynamoDBv2.ScalarAttributeType.S)],
                KeySchema = [new KeySchemaElement("PK", Amazon.DynamoDBv2.KeyType.HASH)],
            },
            ct);
        Assert.Contains("smoke", (await client.ListTablesAsync(new ListTablesRequest(), ct)).TableNames);

        await moto.ResetAsync(ct);

        Assert.DoesNotContain("smoke", (await client.ListTablesAsync(new ListTablesRequest(), ct)).TableNames ?? []);
    }
}
