using System.CommandLine;
using CloudSniper.Cli.Hosting;

namespace CloudSniper.Cli;

/// <summary>Builds the <c>sniper</c> command tree and runs it.</summary>
public static class CliApp
{
    /// <summary>The root command with every verb registered.</summary>
    public static RootCommand Build(CliEnvironment env)
    {
        var root = new RootCommand(
            "Cloud Sniper: cloud security operations for AWS. Ingests GuardDuty, Security Hub and feed findings, " +
            "remembers their indicators, responds with playbooks, hunts beacons in flow logs and reviews posture daily.");
        root.Options.Add(GlobalOptions.Store);
        root.Options.Add(GlobalOptions.Config);
        root.Options.Add(GlobalOptions.Quiet);
        foreach (var command in CommandRegistry.Create(env))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; usage errors exit 2, unexpected ones 1.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        var root = Build(env);
        var parse = root.Parse(args);
        var config = new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false };
        try
        {
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    await env.Error.WriteLineAsync($"sniper: {error.Message}").ConfigureAwait(false);
                }

                await env.Error.WriteLineAsync("Run 'sniper --help' for usage.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await env.Error.WriteLineAsync($"sniper: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Amazon.Runtime.AmazonServiceException ex)
        {
            var permission = ex.StatusCode == System.Net.HttpStatusCode.Forbidden || (ex.ErrorCode?.Contains("AccessDenied", StringComparison.Ordinal) ?? false)
                ? " (the caller lacks an IAM permission for this call)"
                : "";
            await env.Error.WriteLineAsync($"sniper: AWS error {ex.ErrorCode ?? ((int)ex.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}{permission}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Aws;
        }
        catch (Amazon.Runtime.AmazonClientException ex)
        {
            await env.Error.WriteLineAsync($"sniper: AWS client error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Aws;
        }
        catch (OperationCanceledException)
        {
            await env.Error.WriteLineAsync("sniper: cancelled").ConfigureAwait(false);
            return 130;
        }
        finally
        {
            await env.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
