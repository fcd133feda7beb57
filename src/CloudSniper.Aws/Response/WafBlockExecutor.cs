using System.Text.Json;
using CloudSniper.Aws.Signing;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Response;

/// <summary>
/// Executes <c>waf-block</c>: resolves the IP set (ARN, or name found by <c>ListIPSets</c> and created if absent),
/// then reads it, merges every planned address and writes it back in one <c>UpdateIPSet</c> with the lock token,
/// re-reading and retrying on <c>WAFOptimisticLockException</c>. Keeps the set under its address cap by evicting
/// the tool's own expired, then oldest, blocks, and says so. An address that was already in the set and is not one of
/// the tool's blocks belongs to whoever put it there: it is reported, never recorded, and so never removed.
/// </summary>
public sealed class WafBlockExecutor(AwsClientFactory clients) : IBlockExecutor
{
    /// <summary>Optimistic-lock conflicts tolerated per update before giving up.</summary>
    public const int MaxLockRetries = 8;

    /// <inheritdoc />
    public string ActionKey => BlockIpInWaf.ActionKey;

    /// <inheritdoc />
    public string BlockKind => Core.Response.Store.BlockKind.Waf;

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var scope = action.Get("scope") ?? "REGIONAL";
        var version = action.Get("ip-version") ?? "IPV4";
        var setRef = action.Get("set") ?? (version == "IPV6" ? context.Options.WafIpv6Set : context.Options.WafIpv4Set);
        var region = action.Region ?? throw new ActionFailedException("the action names no region");
        var waf = await clients.WafAsync(action.AccountId, region, cancellationToken).ConfigureAwait(false);
        var (name, id, arn, created) = await ResolveAsync(waf, setRef, scope, version, cancellationToken).ConfigureAwait(false);

        var cap = context.Options.WafMaxAddressesPerSet;
        var updatesBefore = waf.UpdateCalls;
        for (var attempt = 1; ; attempt++)
        {
            var set = await Call(() => waf.GetIpSetAsync(name, scope, id, cancellationToken), "GetIPSet").ConfigureAwait(false);
            var current = set.Addresses.Select(Canonical).ToList();
            var present = new HashSet<string>(current, StringComparer.Ordinal);
            var toAdd = action.Blocks.Where(b => !present.Contains(b.Address)).ToList();
            var now = context.Now;
            var ours = (await context.Store.ListBlocksAsync(new BlockQuery(Kind: BlockKind, Target: set.Arn), cancellationToken).ConfigureAwait(false))
                .Where(b => present.Contains(b.Address)).ToList();

            // An address already in the set without a block of ours in place was put there by someone else (another team,
            // a tool, a person): it is blocked, but it is not ours, so it is never recorded and so never expired or unblocked.
            var oursByAddress = ours.Select(b => b.Address).ToHashSet(StringComparer.Ordinal);
            var foreign = action.Blocks.Where(b => present.Contains(b.Address) && !oursByAddress.Contains(b.Address)).ToList();

            // Cap: evict our expired blocks first, then our oldest, never an address someone else put in the set.
            var evicted = new List<BlockRecord>();
            var overflow = current.Count + toAdd.Count - cap;
            if (overflow > 0)
            {
                evicted.AddRange(ours.Where(b => !action.Blocks.Any(p => p.Address == b.Address))
                    .OrderBy(b => b.ExpiresAt <= now ? 0 : 1).ThenBy(b => b.ExpiresAt <= now ? b.ExpiresAt : b.CreatedAt)
                    .Take(overflow));
            }

            var dropped = new List<PlannedBlock>();
            var room = cap - (current.Count - evicted.Count);
            if (toAdd.Count > room)
            {
                dropped.AddRange(toAdd.Skip(Math.Max(room, 0)));
                toAdd = [.. toAdd.Take(Math.Max(room, 0))];
            }

            var evictedSet = evicted.Select(e => e.Address).ToHashSet(StringComparer.Ordinal);
            var next = set.Addresses.Where(a => !evictedSet.Contains(Canonical(a))).Concat(toAdd.Select(b => b.Address)).ToList();
            var before = JsonSerializer.Serialize(new { set = set.Arn, addresses = set.Addresses.Count });
            if (toAdd.Count > 0 || evicted.Count > 0)
            {
                try
                {
                    await waf.UpdateIpSetAsync(set, next, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsOptimisticLockException) when (attempt < MaxLockRetries)
                {
                    // Someone else changed the set since we read it: read again and merge again.
                    continue;
                }
                catch (Exception ex) when (AwsFailures.IsAws(ex))
                {
                    throw AwsFailures.From(ex, $"UpdateIPSet {set.Name}", "wafv2:UpdateIPSet");
                }
            }

            await context.Store.UpsertBlocksAsync(
                [.. action.Blocks.Where(b => !dropped.Contains(b) && !foreign.Contains(b)).Select(b => new BlockRecord
                {
                    Id = BlockRecord.IdFor(BlockKind, set.Arn, b.Address),
                    Address = b.Address,
                    Kind = BlockKind,
                    Target = set.Arn,
                    AccountId = action.AccountId,
                    Region = region,
                    Scope = scope,
                    CreatedAt = now,
                    ExpiresAt = now + b.Ttl,
                    FindingId = b.FindingId,
                    ActionId = action.Id,
                    Offence = b.Offence,
                })],
                cancellationToken).ConfigureAwait(false);
            if (evicted.Count > 0)
            {
                await context.Store.MarkBlocksRemovedAsync([.. evicted.Select(e => e.Id)], now, $"evicted: IP set at its cap of {cap}", cancellationToken).ConfigureAwait(false);
            }

            var after = JsonSerializer.Serialize(new
            {
                set = set.Arn,
                addresses = next.Count,
                added = toAdd.Select(b => b.Address),
                evicted = evicted.Select(e => e.Address),
                dropped = dropped.Select(d => d.Address),
                foreign = foreign.Select(f => f.Address),
                created,
            });
            var refreshed = action.Blocks.Length - toAdd.Count - dropped.Count - foreign.Count;
            var message = $"{(created ? "created " : "")}{set.Name} ({scope}, {region}): +{toAdd.Count} address(es), {refreshed} already blocked by Cloud Sniper" +
                (foreign.Count > 0 ? $", {foreign.Count} already in the set from elsewhere (left to their owner, never removed by Cloud Sniper)" : "") +
                (evicted.Count > 0 ? $", evicted {evicted.Count} of ours (cap {cap})" : "") +
                (dropped.Count > 0 ? $", {dropped.Count} not blocked: the set is full of addresses this tool did not add" : "");
            return new ActionOutcome(dropped.Count > 0 ? ActionStatus.Partial : ActionStatus.Executed, message)
            {
                Before = before,
                After = after,
                WriteCalls = waf.UpdateCalls - updatesBefore,
                ErrorCode = dropped.Count > 0 ? "WAFLimitsExceededException" : null,
            };
        }
    }

    /// <inheritdoc />
    public async Task<ActionOutcome> RemoveBlocksAsync(IReadOnlyList<BlockRecord> blocks, string reason, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var first = blocks[0];
        if (!WafIpSetArn.TryParse(first.Target, out var arn))
        {
            throw new ActionFailedException($"'{first.Target}' is not a WAFv2 IP set ARN");
        }

        var waf = await clients.WafAsync(first.AccountId ?? arn!.Account, first.Region ?? arn!.Region, cancellationToken).ConfigureAwait(false);
        var remove = blocks.Select(b => b.Address).ToHashSet(StringComparer.Ordinal);
        for (var attempt = 1; ; attempt++)
        {
            WafIpSet set;
            try
            {
                set = await waf.GetIpSetAsync(arn!.Name, arn.Scope, arn.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsNotFoundException)
            {
                await context.Store.MarkBlocksRemovedAsync([.. blocks.Select(b => b.Id)], context.Now, reason + " (the IP set no longer exists)", cancellationToken).ConfigureAwait(false);
                return ActionOutcome.Executed($"{arn!.Name} no longer exists; {blocks.Count} record(s) closed");
            }
            catch (Exception ex) when (AwsFailures.IsAws(ex))
            {
                throw AwsFailures.From(ex, $"GetIPSet {arn!.Name}", "wafv2:GetIPSet");
            }

            var next = set.Addresses.Where(a => !remove.Contains(Canonical(a))).ToList();
            if (next.Count != set.Addresses.Count)
            {
                try
                {
                    await waf.UpdateIpSetAsync(set, next, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsOptimisticLockException) when (attempt < MaxLockRetries)
                {
                    continue;
                }
                catch (Exception ex) when (AwsFailures.IsAws(ex))
                {
                    throw AwsFailures.From(ex, $"UpdateIPSet {set.Name}", "wafv2:UpdateIPSet");
                }
            }

            await context.Store.MarkBlocksRemovedAsync([.. blocks.Select(b => b.Id)], context.Now, reason, cancellationToken).ConfigureAwait(false);
            return new ActionOutcome(ActionStatus.Executed, $"{set.Name}: removed {set.Addresses.Count - next.Count} address(es) ({reason})")
            {
                Before = JsonSerializer.Serialize(new { set = set.Arn, addresses = set.Addresses.Count }),
                After = JsonSerializer.Serialize(new { set = set.Arn, addresses = next.Count, removed = remove }),
            };
        }
    }

    private static async Task<(string Name, string Id, string Arn, bool Created)> ResolveAsync(Wafv2Client waf, string setRef, string scope, string version, CancellationToken cancellationToken)
    {
        if (WafIpSetArn.TryParse(setRef, out var arn))
        {
            return (arn!.Name, arn.Id, arn.Arn, false);
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var sets = await Call(() => waf.ListIpSetsAsync(scope, cancellationToken), "ListIPSets").ConfigureAwait(false);
            if (sets.FirstOrDefault(s => s.Name == setRef) is { } found)
            {
                return (found.Name, found.Id, found.Arn, false);
            }

            try
            {
                var created = await waf.CreateIpSetAsync(
                    setRef,
                    scope,
                    version,
                    "Addresses blocked by Cloud Sniper (entries expire; managed by sniper blocks)",
                    [],
                    new Dictionary<string, string> { ["cloudsniper:managed"] = "true" },
                    cancellationToken).ConfigureAwait(false);
                return (created.Name, created.Id, created.Arn, true);
            }
            catch (Exception ex) when (AwsFailures.CodeOf(ex) == "WAFDuplicateItemException" && attempt == 0)
            {
                // Another worker created it between our list and create: list again.
            }
            catch (Exception ex) when (AwsFailures.IsAws(ex))
            {
                throw AwsFailures.From(ex, $"CreateIPSet {setRef}", "wafv2:CreateIPSet");
            }
        }

        throw new ActionFailedException($"IP set '{setRef}' could not be found or created");
    }

    private static async Task<T> Call<T>(Func<Task<T>> call, string operation)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, operation, "wafv2:" + operation);
        }
    }

    private static string Canonical(string address) => IpNetwork.TryParse(address, out var n) ? n.Value.ToString() : address;
}
