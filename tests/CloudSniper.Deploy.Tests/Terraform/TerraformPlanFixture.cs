using System.Collections.Concurrent;
using System.Text.Json;
using CloudSniper.Testing;

namespace CloudSniper.Deploy.Tests.Terraform;

/// <summary>
/// Runs <c>terraform plan</c> of the main module with the example variables, against the local provider mirror, with
/// STS (the one API a plan of new resources calls, for <c>aws_caller_identity</c>) served by the AWS API emulator.
/// Each set of extra variables is planned once per test class.
/// </summary>
public sealed class TerraformPlanFixture : IAsyncLifetime
{
    private readonly MotoServerFixture _moto = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<TerraformPlan>>> _plans = new(StringComparer.Ordinal);
    private string? _terraform;
    private string? _plugins;

    /// <summary>The repository checkout.</summary>
    public string RepoRoot { get; } = Testing.RepoRoot.Find() ?? throw new InvalidOperationException("the repository root (CloudSniper.slnx) was not found above the test binaries");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _terraform = ExternalCommand.Find("terraform");
        _plugins = Environment.GetEnvironmentVariable("TF_PLUGIN_DIR") is { Length: > 0 } dir ? dir : "/opt/tf-plugins";
        await _moto.InitializeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _moto.DisposeAsync().ConfigureAwait(false);

    /// <summary>The plan of the example variables with <paramref name="variables"/> added; skips the test where terraform, the provider mirror or the emulator is missing (fails it in CI).</summary>
    public Task<TerraformPlan> PlanAsync(params string[] variables)
    {
        Requirement.SkipUnless(_terraform is not null && Directory.Exists(Path.Combine(_plugins!, "registry.terraform.io", "hashicorp", "aws")),
            $"terraform plan needs the terraform binary and the hashicorp/aws provider in a plugin directory ({_plugins}, or set TF_PLUGIN_DIR).");
        _moto.EnsureRunning();
        return _plans.GetOrAdd(string.Join(' ', variables), _ => new Lazy<Task<TerraformPlan>>(() => RunAsync(variables))).Value;
    }

    private async Task<TerraformPlan> RunAsync(string[] variables)
    {
        var work = Directory.CreateTempSubdirectory("sniper-tf-plan-").FullName;
        try
        {
            var module = Path.Combine(RepoRoot, "deploy", "terraform");
            foreach (var file in Directory.GetFiles(module, "*.tf").Concat(Directory.GetFiles(Path.Combine(module, "policies"))).Append(Path.Combine(module, "terraform.tfvars.example")))
            {
                var relative = Path.GetRelativePath(module, file);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(work, relative))!);
                File.Copy(file, Path.Combine(work, relative));
            }

            // An override file merges into the module's provider block: test credentials and the emulator's STS.
            await File.WriteAllTextAsync(Path.Combine(work, "emulator_override.tf"), $$"""
                provider "aws" {
                  region                      = "us-east-1"
                  access_key                  = "testing"
                  secret_key                  = "testing"
                  skip_credentials_validation = true
                  skip_metadata_api_check     = true
                  skip_requesting_account_id  = true
                  endpoints {
                    sts = "{{_moto.ServiceUrl.ToString().TrimEnd('/')}}"
                  }
                }
                """).ConfigureAwait(false);

            var init = await ProcessRun.RunAsync(_terraform!, ["init", "-backend=false", "-input=false", "-no-color", "-plugin-dir=" + _plugins], work).ConfigureAwait(false);
            Assert.True(init.ExitCode == 0, init.ToString());
            var plan = await ProcessRun.RunAsync(_terraform!, ["plan", "-input=false", "-no-color", "-var-file=terraform.tfvars.example", .. variables.SelectMany(v => new[] { "-var", v }), "-out=plan.bin"], work).ConfigureAwait(false);
            Assert.True(plan.ExitCode == 0, plan.ToString());
            var show = await ProcessRun.RunAsync(_terraform!, ["show", "-json", "plan.bin"], work).ConfigureAwait(false);
            Assert.True(show.ExitCode == 0, show.ToString());
            using var document = JsonDocument.Parse(show.Out);
            return new TerraformPlan(document.RootElement.GetProperty("planned_values").Clone());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

/// <summary>The planned values of a plan: resources by address and outputs.</summary>
public sealed class TerraformPlan(JsonElement planned)
{
    private static readonly JsonElement Unknown = JsonDocument.Parse("{}").RootElement;

    /// <summary>
    /// Planned resource values by address (<c>aws_sqs_queue.findings</c>, <c>aws_lb.dashboard[0]</c>); a data source
    /// read only at apply time has none and maps to an empty object.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Resources { get; } = planned.GetProperty("root_module").GetProperty("resources").EnumerateArray()
        .ToDictionary(r => r.GetProperty("address").GetString()!, r => r.TryGetProperty("values", out var values) ? values : Unknown, StringComparer.Ordinal);

    /// <summary>The planned outputs by name (an output unknown until apply has no <c>value</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement> Outputs { get; } = planned.GetProperty("outputs").EnumerateObject().ToDictionary(o => o.Name, o => o.Value, StringComparer.Ordinal);

    /// <summary>The one container definition of the task definition, parsed.</summary>
    public JsonElement Container => JsonDocument.Parse(Resources["aws_ecs_task_definition.service"].GetProperty("container_definitions").GetString()!).RootElement[0];
}
