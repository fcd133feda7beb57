using CloudSniper.Core.Runbook.Checks;

namespace CloudSniper.Core.Response;

/// <summary>The policy statements a worker needs beyond its playbooks: the sources it reads, its store and its jobs.</summary>
public static class WorkerPermissions
{
    /// <summary>What the runbook's collector calls besides the checks' own reads: the caller, regions and member accounts.</summary>
    public static IReadOnlyList<string> RunbookCollector { get; } = ["sts:GetCallerIdentity", "ec2:DescribeRegions", "organizations:ListAccounts"];

    /// <summary>What the IAM review reads (its collector's calls).</summary>
    public static IReadOnlyList<string> IamReview { get; } =
    [
        "iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:GetAccountAuthorizationDetails",

        // Per user with a finding: key ids (ListAccessKeys), owner and exemption tags (ListUserTags), current MFA devices (ListMFADevices).
        "iam:ListAccessKeys", "iam:ListUserTags", "iam:ListMFADevices",
    ];

    /// <summary>Every DynamoDB action the DynamoDB store calls; transactions are authorised per item action, so ConditionCheckItem too.</summary>
    public static IReadOnlyList<string> DynamoDbStore { get; } =
    [
        "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:CreateTable", "dynamodb:DescribeTable",
        "dynamodb:DescribeTimeToLive", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:UpdateTimeToLive",
    ];

    /// <summary>What an SQS consumer calls: receive, delete after commit, extend visibility, read the receive count and find the queue.</summary>
    public static IReadOnlyList<string> SqsConsumer { get; } =
        ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"];

    /// <summary>Read access to an S3 prefix: its objects, and listing the bucket only under that prefix (condition key s3:prefix).</summary>
    public static IEnumerable<PolicyStatement> S3Prefix(string bucket, string prefix, int index)
    {
        yield return new PolicyStatement($"CloudSniperS3Read{index}", ["s3:GetObject"], [$"arn:aws:s3:::{bucket}/{prefix}*"]);
        yield return new PolicyStatement($"CloudSniperS3List{index}", ["s3:ListBucket"], [$"arn:aws:s3:::{bucket}"],
            prefix.Length == 0 ? null : new Dictionary<string, IReadOnlyDictionary<string, string[]>>
            {
                ["StringLike"] = new Dictionary<string, string[]> { ["s3:prefix"] = [prefix + "*"] },
            });
    }

    /// <summary>Consuming the queue named <paramref name="queue"/> (in <paramref name="account"/>, or any account the role can reach).</summary>
    public static PolicyStatement SqsQueue(string queue, string? account, int index) =>
        new($"CloudSniperSqs{index}", SqsConsumer, [$"arn:aws:sqs:*:{account ?? "*"}:{queue}"]);

    /// <summary>The DynamoDB store: the knowledge base's table, the response store's <c>TABLE-response</c> beside it, and their indexes.</summary>
    public static PolicyStatement DynamoDbTable(string table) =>
        new("CloudSniperStore", DynamoDbStore,
        [
            $"arn:aws:dynamodb:*:*:table/{table}", $"arn:aws:dynamodb:*:*:table/{table}/index/*",
            $"arn:aws:dynamodb:*:*:table/{table}-response", $"arn:aws:dynamodb:*:*:table/{table}-response/index/*",
        ]);

    /// <summary>The read-only calls of the daily runbook: every posture check's declared permissions and the collector's.</summary>
    public static IReadOnlyList<string> Runbook() =>
        [.. PostureChecks.All.SelectMany(c => c.Metadata.Permissions).Concat(RunbookCollector).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
