using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper undo ACTION-ID</c>: reverses an executed action (blocks removed, groups and tags restored, keys reactivated).</summary>
public static class UndoCommand
{
    public static Command Create(CliEnvironment env)
    {
        var id = new Argument<string>("action-id") { Description = "The executed action to reverse (act-…, from the plan output)" };
        var command = new Command("undo", "Undo an executed action: remove its blocks, restore an isolated instance's security groups, delete its tags, reactivate a key, delete a session-revocation policy, give back a removed console password (a new one, shown once)");
        command.Arguments.Add(id);
        command.SetAction(async (parse, ct) =>
        {
            await using var host = await ResponseHost.OpenAsync(env, parse, [], ct).ConfigureAwait(false);
            try
            {
                var outcome = await (await host.ConnectAsync(env, ct, withOwnAddresses: false).ConfigureAwait(false)).Runner.UndoAsync(parse.GetValue(id)!, ct).ConfigureAwait(false);
                await env.Out.WriteLineAsync($"{parse.GetValue(id)}: {outcome.Status.ToString().ToLowerInvariant()}: {outcome.Message}").ConfigureAwait(false);
                if (outcome.Secret is not null)
                {
                    // Shown here once; the store and the audit log never hold it.
                    await env.Out.WriteLineAsync($"new console password (shown once, not stored; it must be changed at the next sign-in): {outcome.Secret}").ConfigureAwait(false);
                }
                return outcome.Status switch
                {
                    ActionStatus.Executed or ActionStatus.Skipped => ExitCodes.Ok,
                    _ when outcome.ErrorCode is not null => ExitCodes.Aws,
                    _ => ExitCodes.Failure,
                };
            }
            catch (KeyNotFoundException ex)
            {
                throw new UsageException(ex.Message);
            }
        });
        return command;
    }
}
