using System.Text.RegularExpressions;
using CloudSniper.Core.Response;
using CloudSniper.Testing;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>Every DynamoDB operation the stores' source calls is granted by the policy <c>sniper iam-policy</c> prints for a dynamodb: store.</summary>
public sealed partial class DynamoDbPermissionsTests
{
    [GeneratedRegex(@"\.(?<op>BatchGetItem|BatchWriteItem|CreateTable|DeleteItem|DeleteTable|DescribeTable|DescribeTimeToLive|GetItem|PutItem|Query|Scan|TransactGetItems|TransactWriteItems|UpdateItem|UpdateTable|UpdateTimeToLive)Async\(")]
    private static partial Regex Call();

    [Fact]
    public void StoreSource_CallsOnlyOperationsThePolicyGrants()
    {
        var folder = Path.Combine(RepoRoot.Find()!, "src", "CloudSniper.Aws", "DynamoDb");
        var called = Directory.EnumerateFiles(folder, "*.cs")
            .SelectMany(f => Call().Matches(File.ReadAllText(f)).Select(m => m.Groups["op"].Value))
            .ToHashSet(StringComparer.Ordinal);
        var granted = WorkerPermissions.DynamoDbStore.ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(called);
        foreach (var op in called)
        {
            // Transactions are authorised per item action (DynamoDB developer guide, "Using IAM with DynamoDB transactions").
            string[] needed = op switch
            {
                "TransactWriteItems" => ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"],
                "TransactGetItems" => ["dynamodb:GetItem"],
                _ => ["dynamodb:" + op],
            };
            Assert.All(needed, n => Assert.True(granted.Contains(n), $"the store calls {op}, which needs {n}"));
        }
    }
}
