using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper approve PLAN-ID [--action ID]</c>: approves and executes stored actions.</summary>
public static class ApproveCommand
{
    public static Command Create(CliEnvironment env)
    {
        var planId = new Argument<string>("plan-id") { Description = "The plan to approve (from sniper respond)" };
        var actions = new Option<string[]>("--action", "-a") { Description = "Approve only this action id (repeatable); default: every action awaiting approval or only planned" };
        var approver = new Option<string?>("--approver") { Description = "Who approves (recorded in the audit log; default: $USER)" };
        var format = GlobalOptions.Format(PlanWriter.Formats);
        var command = new Command("approve", "Approve actions of a stored plan and execute them now");
        command.Arguments.Add(planId);
        command.Options.Add(actions);
        command.Options.Add(approver);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) =>
        {
            await using var host = await ResponseHost.OpenAsync(env, parse, [], ct).ConfigureAwait(false);
            if (await host.Store.GetPlanAsync(parse.GetValue(planId)!, ct).ConfigureAwait(false) is null)
            {
                throw new UsageException($"no plan '{parse.GetValue(planId)}' in the response store (sniper plans list shows them)");
            }

            AwsClients.RequireCredentials(env, "approve executes the plan in AWS (sniper plans show ID prints it without AWS)");
            var runner = (await host.ConnectAsync(env, ct).ConfigureAwait(false)).Runner;
            var ids = parse.GetValue(actions) is { Length: > 0 } a ? a : null;
            var who = parse.GetValue(approver) ?? env.GetVariable("USER") ?? "unknown";
            try
            {
                var result = await runner.ApproveAsync(parse.GetValue(planId)!, ids, who, ct).ConfigureAwait(false);
                PlanWriter.Write(env, parse.GetValue(format), result.Plan, result.Outcomes);
                await env.Notes.WriteLineAsync($"sniper: approved by {who}: {result.Executed} executed, {result.Failed} failed").ConfigureAwait(false);
                // Any action that failed, whatever failed in it, is exit 4 (the README's promise): a gate must not read it as done.
                return result.Failed > 0 || result.AnyAwsFailure ? ExitCodes.Aws : ExitCodes.Ok;
            }
            catch (KeyNotFoundException ex)
            {
                throw new UsageException(ex.Message);
            }
        });
        return command;
    }
}
