using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper unblock IP</c>: removes every block of an address now (WAF sets and ACL entries).</summary>
public static class UnblockCommand
{
    public static Command Create(CliEnvironment env)
    {
        var address = new Argument<string>("ip") { Description = "Address or CIDR block to unblock everywhere the tool blocked it" };
        var command = new Command("unblock", "Remove an address from every WAF IP set and network ACL the tool put it in, and close its blocks");
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the blocks that would be removed and change nothing (no AWS call)" };
        command.Arguments.Add(address);
        command.Options.Add(dryRun);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(dryRun))
            {
                var text = parse.GetValue(address)!;
                var network = Core.Net.IpNetwork.TryParse(text, out var n) ? n.Value : throw new UsageException($"'{text}' is not an IP address or CIDR block");
                return await BlocksCommand.PrintWouldRemoveAsync(env, parse, new Core.Response.Store.BlockQuery(Address: network.ToString()), $"{text} is not blocked by Cloud Sniper", ct).ConfigureAwait(false);
            }

            await using var host = await ResponseHost.OpenAsync(env, parse, [], ct).ConfigureAwait(false);
            IReadOnlyList<(string Target, Core.Response.Execution.ActionOutcome Outcome)> results;
            try
            {
                results = await (await host.ConnectAsync(env, ct, withOwnAddresses: false).ConfigureAwait(false)).Runner.UnblockAsync(parse.GetValue(address)!, ct).ConfigureAwait(false);
            }
            catch (FormatException ex)
            {
                throw new UsageException(ex.Message);
            }

            if (results.Count == 0)
            {
                await env.Error.WriteLineAsync($"sniper: {parse.GetValue(address)} is not blocked by Cloud Sniper").ConfigureAwait(false);
            }

            foreach (var (target, outcome) in results)
            {
                await env.Out.WriteLineAsync($"{target}: {outcome.Status.ToString().ToLowerInvariant()}: {outcome.Message}").ConfigureAwait(false);
            }

            return results.Any(r => r.Outcome.Status != ActionStatus.Executed) ? ExitCodes.Aws : ExitCodes.Ok;
        });
        return command;
    }
}
