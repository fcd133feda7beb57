using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Aws.DynamoDb;

namespace CloudSniper.Deploy.Tests.Terraform;

/// <summary>The tables of deploy/terraform/store.tf against the CreateTable and UpdateTimeToLive requests the stores make themselves.</summary>
public sealed class StoreTableTests(TerraformFixture terraform) : IClassFixture<TerraformFixture>
{
    [Fact]
    public async Task KnowledgeBaseTable_HasTheKeysIndexesAndTtlThatDynamoDbKnowledgeBaseCreates()
    {
        var (client, recorder) = RecordingDynamoDb.Create();
        await new DynamoDbKnowledgeBase(client, "sample-kb").InitializeAsync(TestContext.Current.CancellationToken);
        var created = Assert.Single(recorder.Created);
        var ttl = Assert.Single(recorder.TimeToLive);

        var table = terraform.Root.Resource("aws_dynamodb_table.knowledge_base");

        AssertSameTable(created, table);
        Assert.True(ttl.TimeToLiveSpecification.Enabled);
        var ttlBlock = table.GetProperty("ttl")[0];
        Assert.Equal(ttl.TimeToLiveSpecification.AttributeName, ttlBlock.GetProperty("attribute_name").GetString());
        Assert.True(ttlBlock.GetProperty("enabled").GetBoolean());
        Assert.Equal("${local.table_name}", table.GetProperty("name").GetString());
        Assert.Equal("${var.name}", terraform.Root.Locals["table_name"].GetString());
    }

    [Fact]
    public async Task ResponseTable_HasTheKeysAndIndexesThatDynamoDbResponseStoreCreates()
    {
        var (client, recorder) = RecordingDynamoDb.Create();
        await new DynamoDbResponseStore(client, "sample-kb-response").InitializeAsync(TestContext.Current.CancellationToken);
        var created = Assert.Single(recorder.Created);

        var table = terraform.Root.Resource("aws_dynamodb_table.responses");

        AssertSameTable(created, table);
        Assert.Empty(recorder.TimeToLive);
        Assert.False(table.TryGetProperty("ttl", out _));
        Assert.Equal("${local.response_table_name}", table.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("aws_dynamodb_table.knowledge_base")]
    [InlineData("aws_dynamodb_table.responses")]
    public void EachTable_HasPointInTimeRecoveryEncryptionAndDeletionProtection(string address)
    {
        var table = terraform.Root.Resource(address);

        Assert.True(table.GetProperty("point_in_time_recovery")[0].GetProperty("enabled").GetBoolean());
        Assert.True(table.GetProperty("server_side_encryption")[0].GetProperty("enabled").GetBoolean());
        Assert.Equal("${var.table_deletion_protection}", table.GetProperty("deletion_protection_enabled").GetString());
        Assert.True(terraform.Root.Variables["table_deletion_protection"].GetProperty("default").GetBoolean());
    }

    private static void AssertSameTable(CreateTableRequest created, JsonElement table)
    {
        Assert.Equal(created.BillingMode.Value, table.GetProperty("billing_mode").GetString());
        Assert.Equal(created.KeySchema.Single(k => k.KeyType == "HASH").AttributeName, table.GetProperty("hash_key").GetString());
        Assert.Equal(created.KeySchema.Single(k => k.KeyType == "RANGE").AttributeName, table.GetProperty("range_key").GetString());
        Assert.Equal(
            created.AttributeDefinitions.Select(a => (a.AttributeName, a.AttributeType.Value)).Order(),
            table.GetProperty("attribute").EnumerateArray().Select(a => (a.GetProperty("name").GetString()!, a.GetProperty("type").GetString()!)).Order());
        Assert.Equal(
            created.GlobalSecondaryIndexes.Select(g => (g.IndexName, Key(g.KeySchema, "HASH"), Key(g.KeySchema, "RANGE"), g.Projection.ProjectionType.Value)).Order(),
            table.GetProperty("global_secondary_index").EnumerateArray()
                .Select(g => (g.GetProperty("name").GetString()!, g.GetProperty("hash_key").GetString()!, g.GetProperty("range_key").GetString()!, g.GetProperty("projection_type").GetString()!))
                .Order());
    }

    private static string Key(List<KeySchemaElement> schema, string type) => schema.Single(k => k.KeyType == type).AttributeName;
}
