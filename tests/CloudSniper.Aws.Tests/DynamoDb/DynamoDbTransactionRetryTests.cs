using System.Net;
using System.Text.Json;
using CloudSniper.Aws.DynamoDb;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>
/// How the DynamoDB store handles cancelled sighting transactions, replayed from recorded responses: the emulators
/// the contract runs on either lack transactions (dynalite) or never cancel them for conflicts (moto).
/// </summary>
public sealed class DynamoDbTransactionRetryTests
{
    private const string Table = "kb";

    [Fact]
    public async Task A_sighting_that_already_exists_is_taken_out_of_the_transaction_and_refreshed_instead()
    {
        var dynamo = new RecordedDynamoDbHandler()
            .Respond("TransactWriteItems", HttpStatusCode.BadRequest, Cancelled("ConditionalCheckFailed", "None", "None", "None"));
        using var client = dynamo.CreateClient();
        var store = new DynamoDbKnowledgeBase(client, Table);

        var result = await store.CommitAsync([TestFindings.GuardDuty("f1", TestFindings.T0, ["198.51.100.1", "198.51.100.2"])], TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Inserted);
        var transactions = dynamo.BodiesOf("TransactWriteItems").Select(Actions).ToList();
        Assert.Equal(2, transactions.Count);
        Assert.Equal(["Put", "Update", "Put", "Update"], transactions[0].Select(a => a.Kind));
        var existing = transactions[0][0].Pk;
        var created = transactions[0][2].Pk;
        Assert.Equal([("Put", created), ("Update", created)], transactions[1].Select(a => (a.Kind, a.Pk)));
        var refresh = Assert.Single(dynamo.BodiesOf("UpdateItem").Select(Key), k => k.Sk.StartsWith("SIGHTING#", StringComparison.Ordinal));
        Assert.Equal((existing, "SIGHTING#f1"), refresh);
    }

    [Fact]
    public async Task A_transaction_that_conflicts_with_another_writer_is_retried_whole()
    {
        var dynamo = new RecordedDynamoDbHandler()
            .Respond("TransactWriteItems", HttpStatusCode.BadRequest, Cancelled("None", "TransactionConflict"));
        using var client = dynamo.CreateClient();
        var store = new DynamoDbKnowledgeBase(client, Table);

        await store.CommitAsync([TestFindings.GuardDuty("f1", TestFindings.T0, ["198.51.100.1"])], TestContext.Current.CancellationToken);

        var transactions = dynamo.BodiesOf("TransactWriteItems").Select(Actions).ToList();
        Assert.Equal(2, transactions.Count);
        Assert.Equal(transactions[0], transactions[1]);
        Assert.DoesNotContain(dynamo.BodiesOf("UpdateItem").Select(Key), k => k.Sk.StartsWith("SIGHTING#", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_transaction_cancelled_for_another_reason_fails_the_commit_before_any_finding_is_stored()
    {
        var dynamo = new RecordedDynamoDbHandler()
            .Respond("TransactWriteItems", HttpStatusCode.BadRequest, Cancelled("ValidationError", "None"));
        using var client = dynamo.CreateClient();
        var store = new DynamoDbKnowledgeBase(client, Table);

        await Assert.ThrowsAsync<Amazon.DynamoDBv2.Model.TransactionCanceledException>(
            () => store.CommitAsync([TestFindings.GuardDuty("f1", TestFindings.T0, ["198.51.100.1"])], TestContext.Current.CancellationToken));

        Assert.Empty(dynamo.BodiesOf("PutItem"));
    }

    [Fact]
    public async Task A_finding_stored_concurrently_with_the_same_update_time_counts_as_unchanged()
    {
        var dynamo = new RecordedDynamoDbHandler()
            .Respond("PutItem", HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}""");
        using var client = dynamo.CreateClient();
        var store = new DynamoDbKnowledgeBase(client, Table);

        var result = await store.CommitAsync([TestFindings.GuardDuty("f1", TestFindings.T0, ["198.51.100.1"])], TestContext.Current.CancellationToken);

        Assert.Equal(new Core.KnowledgeBase.CommitResult(0, 0, 1, 0), result);
    }

    // The kind and partition key of each action of a TransactWriteItems request.
    private static List<(string Kind, string Pk)> Actions(string body)
    {
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("TransactItems").EnumerateArray().Select(a =>
        {
            var action = a.EnumerateObject().First();
            var item = action.Value.TryGetProperty("Item", out var i) ? i : action.Value.GetProperty("Key");
            return (action.Name, item.GetProperty("PK").GetProperty("S").GetString()!);
        })];
    }

    private static (string Pk, string Sk) Key(string body)
    {
        using var json = JsonDocument.Parse(body);
        var key = json.RootElement.GetProperty("Key");
        return (key.GetProperty("PK").GetProperty("S").GetString()!, key.GetProperty("SK").GetProperty("S").GetString()!);
    }

    private static string Cancelled(params string[] codes) =>
        $$"""{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","Message":"Transaction cancelled, please refer cancellation reasons for specific reasons [{{string.Join(", ", codes)}}]","CancellationReasons":[{{string.Join(",", codes.Select(c => $$"""{"Code":"{{c}}"}"""))}}]}""";
}
