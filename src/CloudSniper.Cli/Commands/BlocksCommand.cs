using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper blocks list|expire</c>: the blocks the tool made, and removal of the expired ones.</summary>
public static class BlocksCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("blocks", "List the tool's WAF and network-ACL blocks, or remove the expired ones");

        var all = new Option<bool>("--all") { Description = "Also list removed blocks (expired, evicted, unblocked, undone, removed by hand)" };
        var address = new Option<string?>("--address") { Description = "Only blocks of this address or CIDR block" };
        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Jsonl, OutputFormat.Csv, OutputFormat.Md, OutputFormat.Html);
        var list = new Command("list", "List blocks with their target, expiry and offence count");
        list.Options.Add(all);
        list.Options.Add(address);
        list.Options.Add(format);
        list.SetAction(async (parse, ct) =>
        {
            var (store, _) = await ResponseHost.OpenStoreAsync(env, parse, ct).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var filter = parse.GetValue(address) is { } a ? (Core.Net.IpNetwork.TryParse(a, out var n) ? n.Value.ToString() : throw new UsageException($"'{a}' is not an IP address or CIDR block")) : null;
                var blocks = await store.ListBlocksAsync(new BlockQuery(Address: filter, IncludeRemoved: parse.GetValue(all)), ct).ConfigureAwait(false);
                var now = env.Time.GetUtcNow();
                DataWriter.Write(
                    env,
                    parse.GetValue(format),
                    blocks,
                    [
                        new("Address", b => b.Address, Whole: true),
                        new("Kind", b => b.Kind),
                        new("Target", b => b.RuleNumber is { } r ? $"{b.Target} #{r} {(b.Egress == true ? "egress" : "ingress")}" : b.Target),
                        new("Account", b => b.AccountId, Drop: 3),
                        new("Region", b => b.Region, Drop: 4),
                        new("Created", b => b.CreatedAt, Drop: 2),
                        new("Expires", b => b.ExpiresAt),
                        new("Offence", b => b.Offence, AlignRight: true, Drop: 1),
                        new("State", b => b.RemovedAt is not null ? "removed: " + b.RemovedReason : b.ExpiresAt <= now ? "expired" : "active"),
                    ],
                    title: "Blocks");
                return ExitCodes.Ok;
            }
        });
        command.Subcommands.Add(list);

        var expire = new Command("expire", "Remove expired blocks from the WAF IP sets and network ACLs (run it on a schedule)");
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the expired blocks that would be removed and change nothing (no AWS call)" };
        expire.Options.Add(dryRun);
        expire.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(dryRun))
            {
                return await PrintWouldRemoveAsync(env, parse, new BlockQuery(ExpiredBefore: env.Time.GetUtcNow()), "no block has expired", ct).ConfigureAwait(false);
            }

            await using var host = await ResponseHost.OpenAsync(env, parse, [], ct).ConfigureAwait(false);
            var results = await (await host.ConnectAsync(env, ct, withOwnAddresses: false).ConfigureAwait(false)).Runner.ExpireBlocksAsync(ct).ConfigureAwait(false);
            foreach (var (target, outcome) in results)
            {
                await env.Out.WriteLineAsync($"{target}: {outcome.Status.ToString().ToLowerInvariant()}: {outcome.Message}").ConfigureAwait(false);
            }

            if (!parse.GetValue(GlobalOptions.Quiet))
            {
                await env.Error.WriteLineAsync($"sniper: {results.Count} target(s) had expired blocks").ConfigureAwait(false);
            }

            return results.Any(r => r.Outcome.Status != ActionStatus.Executed) ? ExitCodes.Aws : ExitCodes.Ok;
        });
        command.Subcommands.Add(expire);
        return command;
    }

    /// <summary>Prints, one line a block, what a removal of the blocks <paramref name="query"/> selects would take out; reads the store only.</summary>
    internal static async Task<int> PrintWouldRemoveAsync(CliEnvironment env, System.CommandLine.ParseResult parse, BlockQuery query, string none, CancellationToken cancellationToken)
    {
        var (store, _) = await ResponseHost.OpenStoreAsync(env, parse, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            var blocks = await store.ListBlocksAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var b in blocks)
            {
                var where = b.RuleNumber is { } r ? $"{b.Target} #{r} {(b.Egress == true ? "egress" : "ingress")}" : b.Target;
                await env.Out.WriteLineAsync($"would remove {b.Address} from {b.Kind} {where} ({b.AccountId}/{b.Region}, expires {b.ExpiresAt:u})").ConfigureAwait(false);
            }

            if (!parse.GetValue(GlobalOptions.Quiet))
            {
                await env.Error.WriteLineAsync(blocks.Count == 0
                    ? $"sniper: dry run: {none}; nothing to remove"
                    : $"sniper: dry run: {blocks.Count} block(s) in {blocks.Select(b => (b.Kind, b.Target)).Distinct().Count()} target(s) would be removed; nothing was changed").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
    }
}
