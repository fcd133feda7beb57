using System.Text.Json;
using CloudSniper.Testing;

namespace CloudSniper.Deploy.Tests.Terraform;

public sealed class TerraformModuleTests(TerraformFixture terraform) : IClassFixture<TerraformFixture>
{
    private static readonly string[] AwsResources = ["aws_"];

    [Fact]
    public void EveryReference_ResolvesToADeclarationOfItsModule()
    {
        foreach (var module in terraform.All)
        {
            Assert.NotEmpty(module.Files);
            Assert.Empty(TerraformReferences.Unresolved(module, AwsResources));
        }
    }

    [Fact]
    public async Task ReferenceCheck_GivenUndeclaredNames_ReportsEachOfThem()
    {
        var dir = Directory.CreateTempSubdirectory("sniper-tf-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "main.tf"), """
                variable "name" {
                  type        = string
                  description = "d"
                }
                locals {
                  queue = "${var.name}-q"
                }
                resource "aws_sqs_queue" "q" {
                  name                      = local.queue
                  delay_seconds             = var.delay
                  kms_master_key_id         = aws_kms_key.missing.arn
                  message_retention_seconds = local.retention
                  policy                    = data.aws_iam_policy_document.absent.json
                  tags                      = { region = data.aws_region.current.id, count = module.m.count }
                }
                data "aws_region" "current" {}
                """, TestContext.Current.CancellationToken);

            var module = await HclJson.ParseModuleAsync(terraform.RepoRoot, dir, TestContext.Current.CancellationToken);

            Assert.Equal(
                ["main.tf: aws_kms_key.missing", "main.tf: data.aws_iam_policy_document.absent", "main.tf: local.retention", "main.tf: module.m", "main.tf: var.delay"],
                TerraformReferences.Unresolved(module, AwsResources).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void EveryVariable_HasADescriptionAndAType_AndEveryNonBooleanOneAValidation()
    {
        foreach (var module in terraform.All)
        {
            foreach (var (name, body) in module.Variables)
            {
                Assert.True(body.TryGetProperty("description", out var description) && description.GetString()!.Length >= 10, $"variable {name} has no description");
                Assert.True(body.TryGetProperty("type", out var type), $"variable {name} has no type");
                var isBool = type.GetString() == "${bool}";
                if (!isBool && name != "tags")
                {
                    Assert.True(body.TryGetProperty("validation", out var rules) && rules.GetArrayLength() > 0, $"variable {name} has no validation block");
                }
            }
        }
    }

    [Fact]
    public void EveryOutput_HasADescription_AndTheMainModuleOutputsQueueTableServiceAndDashboard()
    {
        foreach (var module in terraform.All)
        {
            Assert.All(module.Outputs, o => Assert.True(o.Value.TryGetProperty("description", out _), $"output {o.Key} has no description"));
        }

        Assert.Equal("${aws_sqs_queue.findings.url}", terraform.Root.Outputs["queue_url"].GetProperty("value").GetString());
        Assert.Equal("${aws_dynamodb_table.knowledge_base.name}", terraform.Root.Outputs["table_name"].GetProperty("value").GetString());
        Assert.Equal("${aws_ecs_service.service.name}", terraform.Root.Outputs["service_name"].GetProperty("value").GetString());
        Assert.Contains("aws_lb.dashboard[0].dns_name", terraform.Root.Outputs["dashboard_url"].GetProperty("value").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryModule_ConstrainsTheTerraformAndProviderVersions()
    {
        foreach (var module in terraform.All)
        {
            var settings = Assert.Single(module.TopLevel("terraform")).EnumerateArray().Single();
            Assert.Matches(@"^>= 1\.\d+\.\d+, < 2\.0\.0$", settings.GetProperty("required_version").GetString());
            var aws = settings.GetProperty("required_providers")[0].GetProperty("aws");
            Assert.Equal("hashicorp/aws", aws.GetProperty("source").GetString());
            Assert.Matches(@"^>= 5\.\d+\.\d+, < \d+\.0\.0$", aws.GetProperty("version").GetString());
        }
    }

    [Fact]
    public void TfvarsExample_SetsOnlyDeclaredVariables_AndEveryRequiredOne()
    {
        var example = Path.Combine(terraform.RootDirectory, "terraform.tfvars.example");
        var set = File.ReadAllLines(example)
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^([a-z_]+)\s*="))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
        var variables = terraform.Root.Variables;

        var undeclared = set.Where(s => !variables.ContainsKey(s)).ToList();
        var missing = variables.Where(v => !v.Value.TryGetProperty("default", out _)).Select(v => v.Key).Where(v => !set.Contains(v)).ToList();

        Assert.True(undeclared.Count == 0, "the example sets undeclared variables: " + string.Join(", ", undeclared));
        Assert.True(missing.Count == 0, "the example leaves required variables unset: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task TerraformFmt_FindsNothingToRewrite()
    {
        var binary = ExternalCommand.Find("terraform");
        Requirement.SkipUnless(binary is not null, "terraform fmt -check needs the terraform binary on PATH (developer.hashicorp.com/terraform/install).");

        var run = await ProcessRun.RunAsync(binary, ["fmt", "-check", "-recursive", "-diff", "-no-color", "."], terraform.RootDirectory);

        Assert.True(run.ExitCode == 0, $"terraform fmt -check -recursive wants to rewrite: {run}");
    }

    [Fact]
    public async Task TerraformValidate_WithTheLocalProviderMirror_AcceptsBothModules()
    {
        // No provider can be downloaded here, but where a provider mirror is installed (TF_PLUGIN_DIR, or the
        // machine's /opt/tf-plugins), `terraform validate` checks every argument against the provider's schema.
        var binary = ExternalCommand.Find("terraform");
        var plugins = Environment.GetEnvironmentVariable("TF_PLUGIN_DIR") is { Length: > 0 } dir ? dir : "/opt/tf-plugins";
        Requirement.SkipUnless(binary is not null && Directory.Exists(Path.Combine(plugins, "registry.terraform.io", "hashicorp", "aws")),
            $"terraform validate needs the terraform binary and the hashicorp/aws provider in a plugin directory ({plugins}, or set TF_PLUGIN_DIR).");

        var work = Directory.CreateTempSubdirectory("sniper-tf-validate-").FullName;
        try
        {
            CopyTree(terraform.RootDirectory, work);
            foreach (var module in new[] { work, Path.Combine(work, "member-role") })
            {
                var init = await ProcessRun.RunAsync(binary, ["init", "-backend=false", "-input=false", "-no-color", "-plugin-dir=" + plugins], module);
                Assert.True(init.ExitCode == 0, init.ToString());
                var validate = await ProcessRun.RunAsync(binary, ["validate", "-no-color"], module);
                Assert.True(validate.ExitCode == 0, validate.ToString());
                Assert.Contains("The configuration is valid", validate.Out, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p == ".terraform") || relative.EndsWith(".tfstate", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }
}
