using System.Text.Json;
using System.Text.Json.Nodes;
using CloudSniper.Cli;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Response.Owners;

namespace CloudSniper.Deploy.Tests.Terraform;

/// <summary>What Terraform itself evaluates the main module to, for terraform.tfvars.example.</summary>
public sealed class TerraformPlanTests(TerraformPlanFixture terraform) : IClassFixture<TerraformPlanFixture>, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("sniper-deploy-plan-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task Plan_RendersTheTaskRolePolicyThatIamPolicyPrintsForTheRenderedTasksEnvironmentAndQueue()
    {
        var plan = await terraform.PlanAsync();
        var container = plan.Container;
        var environment = container.GetProperty("environment").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").GetString()!, StringComparer.Ordinal);
        var command = container.GetProperty("command").EnumerateArray().Select(a => a.GetString()!).ToList();
        environment["SNIPER_HOME"] = _home;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new CliEnvironment
        {
            Out = stdout,
            Error = stderr,
            OpenStdin = () => new MemoryStream(),
            CurrentDirectory = _home,
            GetVariable = name => environment.GetValueOrDefault(name),
            SniperVariables = () => environment.Where(v => v.Key.StartsWith("SNIPER_", StringComparison.Ordinal)),
        };

        var code = await CliApp.RunAsync(["iam-policy", "--source", command[command.IndexOf("--queue") + 1], "--runbook", "--iam-review"], env, TestContext.Current.CancellationToken);

        Assert.True(code == 0, stderr.ToString());
        var planned = plan.Resources["aws_iam_role_policy.task"].GetProperty("policy").GetString()!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stdout.ToString()), JsonNode.Parse(planned)), $"the planned task role policy differs from sniper iam-policy's:\n{planned}");
        Assert.Equal("dynamodb:" + plan.Resources["aws_dynamodb_table.knowledge_base"].GetProperty("name").GetString(), environment["SNIPER_STORE"]);
        Assert.Equal("sqs://" + plan.Resources["aws_sqs_queue.findings"].GetProperty("name").GetString(), command[command.IndexOf("--queue") + 1]);
        Assert.Equal(plan.Resources["aws_dynamodb_table.knowledge_base"].GetProperty("name").GetString() + "-response", plan.Resources["aws_dynamodb_table.responses"].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Plan_GivesTheTaskItsSecretsByArnOnly()
    {
        var plan = await terraform.PlanAsync();
        var container = plan.Container;
        var secrets = container.GetProperty("secrets").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("valueFrom").GetString()!, StringComparer.Ordinal);
        var values = container.GetProperty("environment").EnumerateArray().Select(e => e.GetProperty("value").GetString()!).ToList();
        var example = File.ReadAllText(Path.Combine(terraform.RepoRoot, "deploy", "terraform", "terraform.tfvars.example"));

        Assert.Equal(["SNIPER_API_KEY", "SNIPER_FEEDS__MISP__SECRET", "SNIPER_RESPONSE__EXTERNALID"], secrets.Keys.Order(StringComparer.Ordinal));
        Assert.All(secrets.Values, arn =>
        {
            Assert.StartsWith("arn:aws:secretsmanager:", arn, StringComparison.Ordinal);
            Assert.Contains($"\"{arn}\"", example, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(values, v => v.Contains(":secretsmanager:", StringComparison.Ordinal));
        var granted = JsonDocument.Parse(plan.Resources["aws_iam_role_policy.execution_secrets"].GetProperty("policy").GetString()!).RootElement.GetProperty("Statement")[0];
        Assert.Equal(secrets.Values.Order(StringComparer.Ordinal), granted.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal));
        Assert.True(container.GetProperty("readonlyRootFilesystem").GetBoolean());
        Assert.Equal("1654", container.GetProperty("user").GetString());
    }

    [Fact]
    public async Task Plan_SendsGuardDutyFromTheThresholdAndTheOwnerTaggingsCreateEvents()
    {
        var plan = await terraform.PlanAsync();
        var guardDuty = JsonDocument.Parse(plan.Resources["aws_cloudwatch_event_rule.findings[\"guardduty\"]"].GetProperty("event_pattern").GetString()!).RootElement;
        var owners = JsonDocument.Parse(plan.Resources["aws_cloudwatch_event_rule.findings[\"owner-tagging\"]"].GetProperty("event_pattern").GetString()!).RootElement;

        // The example sets guardduty_min_severity = 4: GuardDuty's medium band starts at 4.0.
        Assert.Equal("""[{"numeric":[">=",4]}]""", guardDuty.GetProperty("detail").GetProperty("severity").GetRawText());
        Assert.Equal(["GuardDuty Finding"], guardDuty.GetProperty("detail-type").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal([CloudTrailOwnerEvents.DetailType], owners.GetProperty("detail-type").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(CloudTrailOwnerEvents.IdPaths.Keys.Order(StringComparer.Ordinal), owners.GetProperty("detail").GetProperty("eventName").EnumerateArray().Select(n => n.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(2, plan.Resources.Keys.Count(k => k.StartsWith("aws_cloudwatch_event_target.findings[", StringComparison.Ordinal)));
        Assert.Contains("aws_lb_listener.https[0]", plan.Resources.Keys);
    }

    [Fact]
    public async Task Plan_WithoutTheDashboardAndWithEveryFindingSource_HasNoLoadBalancerAndFourRules()
    {
        var plan = await terraform.PlanAsync("expose_dashboard=false", "enable_security_hub=true", "enable_inspector=true");

        Assert.DoesNotContain(plan.Resources.Keys, k => k.StartsWith("aws_lb", StringComparison.Ordinal) || k.StartsWith("aws_security_group.alb", StringComparison.Ordinal));
        Assert.Empty(plan.Resources["aws_ecs_service.service"].GetProperty("load_balancer").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, plan.Outputs["dashboard_url"].TryGetProperty("value", out var url) ? url.ValueKind : JsonValueKind.Null);
        var rules = plan.Resources.Where(r => r.Key.StartsWith("aws_cloudwatch_event_rule.findings[", StringComparison.Ordinal)).ToDictionary(r => r.Key, r => JsonDocument.Parse(r.Value.GetProperty("event_pattern").GetString()!).RootElement, StringComparer.Ordinal);
        Assert.Equal(4, rules.Count);
        Assert.Equal(["Security Hub Findings - Imported"], rules["aws_cloudwatch_event_rule.findings[\"security-hub\"]"].GetProperty("detail-type").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(["Inspector2 Finding"], rules["aws_cloudwatch_event_rule.findings[\"inspector\"]"].GetProperty("detail-type").EnumerateArray().Select(d => d.GetString()));
    }
}
