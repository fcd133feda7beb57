using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace CloudSniper.Deploy.Tests.Terraform;

/// <summary>
/// A DynamoDB client on which no table exists yet: it records the tables the code under test creates and the time to
/// live it enables, and answers DescribeTable with ACTIVE once a table was created. Any other call fails the test.
/// </summary>
public class RecordingDynamoDb : DispatchProxy
{
    /// <summary>The CreateTable requests made, in order.</summary>
    public List<CreateTableRequest> Created { get; } = [];

    /// <summary>The UpdateTimeToLive requests made, in order.</summary>
    public List<UpdateTimeToLiveRequest> TimeToLive { get; } = [];

    /// <summary>A client and the recorder behind it.</summary>
    public static (IAmazonDynamoDB Client, RecordingDynamoDb Recorder) Create()
    {
        var client = DispatchProxy.Create<IAmazonDynamoDB, RecordingDynamoDb>();
        return (client, (RecordingDynamoDb)(object)client);
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        switch (targetMethod.Name)
        {
            case nameof(IAmazonDynamoDB.DescribeTableAsync):
                var name = args![0] is DescribeTableRequest request ? request.TableName : (string)args[0]!;
                var table = Created.LastOrDefault(c => c.TableName == name);
                return table is null
                    ? Task.FromException<DescribeTableResponse>(new ResourceNotFoundException($"Requested resource not found: Table: {name} not found"))
                    : Task.FromResult(new DescribeTableResponse
                    {
                        Table = new TableDescription
                        {
                            TableName = name,
                            TableStatus = TableStatus.ACTIVE,
                            GlobalSecondaryIndexes = [.. (table.GlobalSecondaryIndexes ?? []).Select(g => new GlobalSecondaryIndexDescription { IndexName = g.IndexName, IndexStatus = IndexStatus.ACTIVE })],
                        },
                    });
            case nameof(IAmazonDynamoDB.CreateTableAsync):
                Created.Add((CreateTableRequest)args![0]!);
                return Task.FromResult(new CreateTableResponse());
            case nameof(IAmazonDynamoDB.DescribeTimeToLiveAsync):
                return Task.FromResult(new DescribeTimeToLiveResponse { TimeToLiveDescription = new TimeToLiveDescription { TimeToLiveStatus = TimeToLiveStatus.DISABLED } });
            case nameof(IAmazonDynamoDB.UpdateTimeToLiveAsync):
                TimeToLive.Add((UpdateTimeToLiveRequest)args![0]!);
                return Task.FromResult(new UpdateTimeToLiveResponse());
            case nameof(IDisposable.Dispose):
                return null;
            default:
                throw new NotSupportedException($"{targetMethod.Name} was not expected while a store creates its table");
        }
    }
}
