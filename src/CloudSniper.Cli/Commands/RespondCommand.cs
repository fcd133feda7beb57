using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper respond FILES [--apply]</c>: plans (and with --apply executes) the playbooks' response to findings in files.</summary>
public static class RespondCommand
{
    public static Command Create(CliEnvironment env)
    {
        var files = new Argument<string[]>("files") { Description = "Finding files (GuardDuty, Security Hub, Inspector, feeds; gzip is fine) or CloudTrail EventBridge events for owner tagging", Arity = ArgumentArity.OneOrMore };
        var apply = new Option<bool>("--apply") { Description = "Execute the plan (enforce mode); without it the plan is only stored and printed" };
        var mode = new Option<string?>("--mode") { Description = "observe (record only), plan (store and print; the default) or enforce; overrides the configured mode" };
        var playbooks = new Option<string[]>("--playbook", "-p") { Description = "Playbook file to use instead of the configured or built-in ones (repeatable)", AllowMultipleArgumentsPerToken = false };
        var offline = new Option<bool>("--offline") { Description = "Do not read the account's own VPC CIDRs and Elastic IPs (plan and observe only; that guard is then not applied)" };
        var format = GlobalOptions.Format(PlanWriter.Formats);
        var command = new Command("respond", "Run the response playbooks on findings: match rules, apply the guards, plan per target (IP set, ACL, instance, key), store and print the plan; with --apply, execute it");
        command.Arguments.Add(files);
        command.Options.Add(apply);
        command.Options.Add(mode);
        command.Options.Add(playbooks);
        command.Options.Add(offline);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) =>
        {
            await using var host = await ResponseHost.OpenAsync(env, parse, parse.GetValue(playbooks) ?? [], ct).ConfigureAwait(false);
            var chosen = host.Settings.Options.Mode;
            if (parse.GetValue(mode) is { } m)
            {
                chosen = Enum.TryParse<ResponseMode>(m, true, out var parsed) && Enum.IsDefined(parsed) ? parsed : throw new UsageException($"--mode must be observe, plan or enforce; got '{m}'");
            }

            if (parse.GetValue(apply))
            {
                chosen = ResponseMode.Enforce;
            }

            if (parse.GetValue(offline) && chosen == ResponseMode.Enforce)
            {
                throw new UsageException("--offline cannot be combined with enforce: the own-address guard must be checked before acting");
            }

            var input = FindingInput.Read(parse.GetValue(files)!, env.CurrentDirectory, ct);
            foreach (var error in input.Errors)
            {
                await env.Error.WriteLineAsync("sniper: " + error).ConfigureAwait(false);
            }

            host.NoteBundledRanges(env);
            if (!parse.GetValue(offline))
            {
                AwsClients.RequireCredentials(env, "or add --offline to plan without AWS");
            }

            var runner = (await host.ConnectAsync(env, ct, withOwnAddresses: !parse.GetValue(offline)).ConfigureAwait(false)).Runner;
            var awsFailure = false;
            if (input.Findings.Count > 0 || input.OwnerEvents.Count == 0)
            {
                var result = await runner.RunAsync(input.Findings, chosen, ct).ConfigureAwait(false);
                PlanWriter.Write(env, parse.GetValue(format), result.Plan, result.Outcomes);
                awsFailure |= result.AnyAwsFailure;
                if (!parse.GetValue(GlobalOptions.Quiet))
                {
                    await Summary(env, result, host.StorePath).ConfigureAwait(false);
                }
            }

            if (input.OwnerEvents.Count > 0)
            {
                var owners = await runner.TagOwnersAsync(input.OwnerEvents, chosen, ct).ConfigureAwait(false);
                PlanWriter.Write(env, parse.GetValue(format), owners.Plan, owners.Outcomes);
                awsFailure |= owners.AnyAwsFailure;
            }

            return awsFailure ? ExitCodes.Aws : input.Errors.Count > 0 ? ExitCodes.InputRejected : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task Summary(CliEnvironment env, ResponseRunResult result, string storePath)
    {
        var plan = result.Plan;
        var line = $"sniper: plan {plan.Id}: {plan.Actions.Length} action(s), {plan.Skipped.Length} skipped by guards or preconditions";
        if (plan.Mode == ResponseMode.Enforce)
        {
            line += $"; {result.Executed} executed, {result.Failed} failed";
        }

        await env.Error.WriteLineAsync(line).ConfigureAwait(false);
        foreach (var notice in plan.Notices)
        {
            await env.Error.WriteLineAsync("sniper: notice: " + notice).ConfigureAwait(false);
        }

        if (plan.Mode == ResponseMode.Plan && plan.Actions.Length > 0)
        {
            await env.Error.WriteLineAsync($"sniper: stored in {storePath}; nothing was changed. Apply it with: sniper approve {plan.Id}").ConfigureAwait(false);
        }
    }
}
