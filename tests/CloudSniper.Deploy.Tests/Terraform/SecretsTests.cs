using System.Text.RegularExpressions;

namespace CloudSniper.Deploy.Tests.Terraform;

/// <summary>Secrets reach the task from Secrets Manager by ARN; none is inlined in a variable, the environment, a resource or the example.</summary>
public sealed partial class SecretsTests(TerraformFixture terraform) : IClassFixture<TerraformFixture>
{
    [Fact]
    public void TaskDefinition_TakesTheEnvironmentAndTheSecretsFromTheirLocals()
    {
        var definitions = terraform.Root.Resource("aws_ecs_task_definition.service").GetProperty("container_definitions").GetString()!;

        Assert.StartsWith("${jsonencode(", definitions, StringComparison.Ordinal);
        Assert.Matches(@"\benvironment\s+= local\.container_environment\b", definitions);
        Assert.Matches(@"\bsecrets\s+= local\.container_secrets\b", definitions);
        Assert.Single(EnvironmentKeyword().Matches(definitions));
        Assert.Matches(@"readonlyRootFilesystem\s+= true", definitions);
    }

    [Fact]
    public void ApiKeyFeedSecretsAndExternalId_AreSecretsByArn()
    {
        var secrets = terraform.Root.Locals["container_secrets"].GetString()!;

        Assert.Contains("{ name = \"SNIPER_API_KEY\", valueFrom = var.api_key_secret_arn }", secrets, StringComparison.Ordinal);
        Assert.Contains("[for feed, arn in var.feed_secret_arns : { name = \"SNIPER_FEEDS__${upper(feed)}__SECRET\", valueFrom = arn }]", secrets, StringComparison.Ordinal);
        Assert.Contains("{ name = \"SNIPER_RESPONSE__EXTERNALID\", valueFrom = var.member_external_id_secret_arn }", secrets, StringComparison.Ordinal);
        foreach (var variable in new[] { "api_key_secret_arn", "feed_secret_arns", "member_external_id_secret_arn" })
        {
            var condition = terraform.Root.Variables[variable].GetProperty("validation")[0].GetProperty("condition").GetString()!;
            Assert.Contains(":secretsmanager:", condition, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Environment_HoldsNoSecretLookingNameAndNoSecretVariable()
    {
        foreach (var entry in terraform.Root.Locals["container_environment"].EnumerateArray())
        {
            var name = entry.GetProperty("name").GetString()!;
            var value = entry.GetProperty("value").GetString()!;
            Assert.False(SecretName().IsMatch(name), $"{name} looks like a secret but is in the plain environment");
            Assert.DoesNotMatch(@"var\.\w*(secret|key|token|password|external_id)", value);
        }
    }

    [Fact]
    public void NoModule_DeclaresASecretValue()
    {
        foreach (var module in terraform.All)
        {
            Assert.Empty(module.ResourcesOfType("aws_secretsmanager_secret_version"));
            Assert.Empty(module.ResourcesOfType("aws_ssm_parameter"));
            foreach (var (name, variable) in module.Variables.Where(v => SecretName().IsMatch(v.Key)))
            {
                // A secret-named variable is an ARN (validated as one) or, for the member role's external id, sensitive.
                var isArn = name.EndsWith("_arn", StringComparison.Ordinal) || name.EndsWith("_arns", StringComparison.Ordinal);
                Assert.True(isArn || (variable.TryGetProperty("sensitive", out var sensitive) && sensitive.GetBoolean()), $"variable {name} may carry a secret value");
            }
        }
    }

    [Fact]
    public void TfvarsExample_GivesSecretsOnlyAsArns()
    {
        foreach (var line in File.ReadAllLines(Path.Combine(terraform.RootDirectory, "terraform.tfvars.example")).Where(l => !l.TrimStart().StartsWith('#')))
        {
            var match = Regex.Match(line, @"^\s*([A-Za-z_]+)\s*=\s*""([^""]*)""");
            if (match.Success && SecretName().IsMatch(match.Groups[1].Value))
            {
                Assert.StartsWith("arn:aws:secretsmanager:", match.Groups[2].Value, StringComparison.Ordinal);
            }
        }
    }

    [GeneratedRegex(@"(KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|EXTERNAL_?ID)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"\benvironment\s+=")]
    private static partial Regex EnvironmentKeyword();
}
