using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CloudSniper.Cli;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Deploy.Tests.Terraform;

/// <summary>The roles of the deployment against what <c>sniper iam-policy</c> prints, and least privilege in every policy of both modules.</summary>
public sealed partial class IamPolicyTests(TerraformFixture terraform) : IClassFixture<TerraformFixture>, IDisposable
{
    // Sample names for the module's names (var.name = "sample-kb"), to run the CLI with and to render the template.
    private const string Table = "sample-kb";
    private const string Queue = "sample-kb-findings";

    /// <summary>
    /// Actions whose Service Authorization Reference entry names a resource type, so that a policy can and must give
    /// them an ARN: those the product's actions, store and queue use, and those the deployment grants.
    /// </summary>
    private static readonly HashSet<string> ArnScopedActions = new(StringComparer.Ordinal)
    {
        "ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAclEntry", "ec2:CreateTags", "ec2:DeleteTags", "ec2:CreateSnapshot",
        "ec2:CreateSecurityGroup", "ec2:RevokeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupEgress", "ec2:ModifyNetworkInterfaceAttribute",
        "wafv2:CreateIPSet", "wafv2:GetIPSet", "wafv2:UpdateIPSet", "wafv2:TagResource",
        "iam:UpdateAccessKey", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "sts:AssumeRole",
        "servicequotas:GetServiceQuota",
        "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:CreateTable", "dynamodb:DescribeTable",
        "dynamodb:DescribeTimeToLive", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:UpdateTimeToLive",
        "dynamodb:DeleteItem", "dynamodb:Scan", "dynamodb:TransactWriteItems",
        "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage",
        "s3:GetObject", "s3:PutObject", "s3:ListBucket", "kms:Decrypt", "kms:GenerateDataKey", "secretsmanager:GetSecretValue",
        "logs:CreateLogStream", "logs:PutLogEvents",
    };

    private readonly string _home = Directory.CreateTempSubdirectory("sniper-deploy-iam-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task TaskRolePolicy_EqualsWhatIamPolicyPrintsForTheTasksEnvironmentQueueAndJobs()
    {
        var module = terraform.Root;
        var samples = Samples(module);
        var environment = module.Locals["container_environment"].EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => Substitute(e.GetProperty("value").GetString()!, samples), StringComparer.Ordinal);
        var command = module.Locals["container_command"].EnumerateArray().Select(a => a.GetString()!).ToList();
        var queue = Substitute(command[command.IndexOf("--queue") + 1], samples);

        var printed = await IamPolicyAsync(environment, "--source", queue, "--runbook", "--iam-review");

        var policy = module.Resource("aws_iam_role_policy.task").GetProperty("policy").GetString()!;
        Assert.Matches(@"templatefile\(""\$\{path\.module\}/policies/task-role\.json""", policy);
        var arguments = TemplateArguments().Matches(policy).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        var template = await File.ReadAllTextAsync(Path.Combine(terraform.RootDirectory, "policies", "task-role.json"), TestContext.Current.CancellationToken);
        var rendered = TemplateVariable().Replace(template, m => Substitute("${" + arguments[m.Groups[1].Value] + "}", samples));

        Assert.Equal(3, arguments.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(printed), JsonNode.Parse(rendered)), $"policies/task-role.json differs from sniper iam-policy's output:\n{printed}");
        Assert.Contains($"table/{Table}-response", rendered, StringComparison.Ordinal);
        Assert.Contains($"arn:aws:sqs:*:*:{Queue}", rendered, StringComparison.Ordinal);
        Assert.Contains("arn:aws:iam::*:role/" + Default(module, "member_role_name"), rendered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemberRolePolicy_EqualsWhatIamPolicyPrintsForResponseAndTheRunbook()
    {
        var printed = await IamPolicyAsync(new Dictionary<string, string>(), "--runbook", "--iam-review");
        var file = await File.ReadAllTextAsync(Path.Combine(terraform.RootDirectory, "member-role", "policies", "member-role.json"), TestContext.Current.CancellationToken);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(printed), JsonNode.Parse(file)), $"member-role/policies/member-role.json differs from sniper iam-policy's output:\n{printed}");
        Assert.Equal("${file(\"${path.module}/policies/member-role.json\")}", terraform.MemberRole.Resource("aws_iam_role_policy.member").GetProperty("policy").GetString());
        var actions = Statements(JsonDocument.Parse(file).RootElement).SelectMany(s => s.Actions).ToList();
        Assert.DoesNotContain(actions, a => a.StartsWith("dynamodb:", StringComparison.Ordinal) || a.StartsWith("sqs:", StringComparison.Ordinal) || a == "sts:AssumeRole");
        Assert.Contains("ec2:CreateNetworkAclEntry", actions);
    }

    [Fact]
    public void MemberRole_TrustsOnlyTheAdministratorsTaskRoleWithTheExternalId()
    {
        var trust = terraform.MemberRole.Data("aws_iam_policy_document.trust").GetProperty("statement").EnumerateArray().Single();
        var conditions = trust.GetProperty("condition").EnumerateArray()
            .ToDictionary(c => c.GetProperty("variable").GetString()!, c => (Test: c.GetProperty("test").GetString(), Values: c.GetProperty("values").EnumerateArray().Select(v => v.GetString()).ToList()), StringComparer.Ordinal);

        Assert.Equal(["sts:AssumeRole"], trust.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("StringEquals", conditions["sts:ExternalId"].Test);
        Assert.Equal(["${var.external_id}"], conditions["sts:ExternalId"].Values);
        Assert.Equal("ArnEquals", conditions["aws:PrincipalArn"].Test);
        Assert.Equal(["${var.administrator_role_arn}"], conditions["aws:PrincipalArn"].Values);
        Assert.True(terraform.MemberRole.Variables["external_id"].GetProperty("sensitive").GetBoolean());
        Assert.Equal("${aws_iam_role.task.arn}", terraform.Root.Outputs["task_role_arn"].GetProperty("value").GetString());
        Assert.Equal(Default(terraform.Root, "member_role_name"), Default(terraform.MemberRole, "role_name"));
    }

    [Fact]
    public void ExecutionAndTaskRoles_AreSeparate_AndOnlyTheExecutionRoleReadsSecrets()
    {
        var definition = terraform.Root.Resource("aws_ecs_task_definition.service");
        var execution = terraform.Root.Data("aws_iam_policy_document.execution_secrets").GetProperty("statement").EnumerateArray().Single();

        Assert.Equal("${aws_iam_role.execution.arn}", definition.GetProperty("execution_role_arn").GetString());
        Assert.Equal("${aws_iam_role.task.arn}", definition.GetProperty("task_role_arn").GetString());
        Assert.Equal(["secretsmanager:GetSecretValue"], execution.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("${local.secret_arns}", execution.GetProperty("resources").GetString());
        var taskPolicies = terraform.Root.ResourcesOfType("aws_iam_role_policy").Where(p => p.Value.GetProperty("role").GetString() == "${aws_iam_role.task.id}").ToList();
        Assert.Equal(2, taskPolicies.Count);
        Assert.DoesNotContain(taskPolicies, p => p.Value.GetProperty("policy").GetString()!.Contains("execution_secrets", StringComparison.Ordinal));
        Assert.DoesNotContain("secretsmanager:", File.ReadAllText(Path.Combine(terraform.RootDirectory, "policies", "task-role.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void NoPolicy_GrantsAnArnScopedActionOnEveryResource()
    {
        var template = File.ReadAllText(Path.Combine(terraform.RootDirectory, "policies", "task-role.json"));
        var policies = new List<(string Name, IEnumerable<(IReadOnlyList<string> Actions, IReadOnlyList<string> Resources)> Statements)>
        {
            ("policies/task-role.json", Statements(JsonDocument.Parse(TemplateVariable().Replace(template, "sample")).RootElement)),
            ("member-role/policies/member-role.json", Statements(JsonDocument.Parse(File.ReadAllText(Path.Combine(terraform.RootDirectory, "member-role", "policies", "member-role.json"))).RootElement)),
        };
        foreach (var module in terraform.All)
        {
            // In a key policy "*" is the key itself (KMS Developer Guide, "Key policies"), so key policies are left out.
            var keyPolicies = module.ResourcesOfType("aws_kms_key").Select(k => k.Value.GetProperty("policy").GetString()!).ToList();
            foreach (var (address, document) in module.DataSources.Where(d => d.Key.StartsWith("aws_iam_policy_document.", StringComparison.Ordinal)))
            {
                if (!keyPolicies.Any(p => p.Contains("data." + address + ".json", StringComparison.Ordinal)))
                {
                    policies.Add((address, DocumentStatements(document)));
                }
            }
        }

        var wide = policies.SelectMany(p => WildcardGrants(p.Statements).Select(a => $"{p.Name}: {a}")).ToList();

        Assert.True(policies.Count >= 8, $"only {policies.Count} policies found");
        Assert.True(wide.Count == 0, "ARN-scoped actions granted on \"*\": " + string.Join(", ", wide));
    }

    [Fact]
    public void WildcardCheck_GivenAnArnScopedActionOnStar_ReportsIt()
    {
        var statements = Statements(JsonDocument.Parse("""
            {"Statement":[
              {"Effect":"Allow","Action":["sqs:SendMessage","ec2:DescribeInstances"],"Resource":"*"},
              {"Effect":"Deny","Action":"iam:PutRolePolicy","Resource":"*"},
              {"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*"]}
            ]}
            """).RootElement);

        Assert.Equal(["sqs:SendMessage"], WildcardGrants(statements));
    }

    private async Task<string> IamPolicyAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal) { ["SNIPER_HOME"] = _home };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new CliEnvironment
        {
            Out = stdout,
            Error = stderr,
            OpenStdin = () => new MemoryStream(),
            CurrentDirectory = _home,
            GetVariable = name => variables.GetValueOrDefault(name),
            SniperVariables = () => variables.Where(v => v.Key.StartsWith("SNIPER_", StringComparison.Ordinal)),
        };

        var code = await CliApp.RunAsync(["iam-policy", .. arguments], env, TestContext.Current.CancellationToken);

        Assert.True(code == 0, $"sniper iam-policy exited {code}: {stderr}");
        return stdout.ToString();
    }

    // The values the task's expressions take for a deployment named sample-kb with the variables' defaults.
    private static Dictionary<string, string> Samples(TerraformModule module)
    {
        Assert.Equal("${var.name}", module.Locals["table_name"].GetString());
        Assert.Equal("${var.name}-findings", module.Locals["queue_name"].GetString());
        Assert.Equal("${local.table_name}", module.Resource("aws_dynamodb_table.knowledge_base").GetProperty("name").GetString());
        Assert.Equal("${local.queue_name}", module.Resource("aws_sqs_queue.findings").GetProperty("name").GetString());
        var samples = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["local.table_name"] = Table,
            ["local.queue_name"] = Queue,
            ["aws_dynamodb_table.knowledge_base.name"] = Table,
            ["aws_sqs_queue.findings.name"] = Queue,
            ["local.region"] = "us-east-1",
        };
        foreach (var (name, variable) in module.Variables)
        {
            if (variable.TryGetProperty("default", out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                samples["var." + name] = value.ToString();
                samples[$"tostring(var.{name})"] = value.ToString();
            }
        }

        samples["var.name"] = Table;
        return samples;
    }

    private static string Substitute(string expression, Dictionary<string, string> samples) =>
        Interpolation().Replace(expression, m => samples.TryGetValue(m.Groups[1].Value, out var value) ? value : throw new Xunit.Sdk.XunitException($"no sample value for {m.Value}"));

    private static string Default(TerraformModule module, string variable) => module.Variables[variable].GetProperty("default").GetString()!;

    private static IEnumerable<string> WildcardGrants(IEnumerable<(IReadOnlyList<string> Actions, IReadOnlyList<string> Resources)> statements) =>
        statements.Where(s => s.Resources.Contains("*")).SelectMany(s => s.Actions).Where(ArnScopedActions.Contains);

    // The Allow statements of a JSON policy document.
    private static IEnumerable<(IReadOnlyList<string> Actions, IReadOnlyList<string> Resources)> Statements(JsonElement document) =>
        document.GetProperty("Statement").EnumerateArray()
            .Where(s => s.GetProperty("Effect").GetString() == "Allow")
            .Select(s => ((IReadOnlyList<string>)List(s.GetProperty("Action")), (IReadOnlyList<string>)List(s.GetProperty("Resource"))))
            .ToList();

    // The Allow statements of an aws_iam_policy_document data source that name resources (trust policies name none);
    // a resources expression (not a list) is kept as one entry.
    private static IEnumerable<(IReadOnlyList<string> Actions, IReadOnlyList<string> Resources)> DocumentStatements(JsonElement document) =>
        document.GetProperty("statement").EnumerateArray()
            .Where(s => (!s.TryGetProperty("effect", out var effect) || effect.GetString() == "Allow") && s.TryGetProperty("resources", out _))
            .Select(s => ((IReadOnlyList<string>)List(s.GetProperty("actions")), (IReadOnlyList<string>)List(s.GetProperty("resources"))))
            .ToList();

    private static List<string> List(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.GetString()!)] : [value.GetString()!];

    [GeneratedRegex(@"\$\{([^{}]+)\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"\$\{(table_name|queue_name|member_role_name)\}")]
    private static partial Regex TemplateVariable();

    [GeneratedRegex(@"\b(\w+)\s*=\s*((?:var|local)\.\w+)")]
    private static partial Regex TemplateArguments();
}
