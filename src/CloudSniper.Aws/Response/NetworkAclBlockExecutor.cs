using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Response;

/// <summary>
/// Executes <c>nacl-block</c>: instance → every network interface → its subnet → the ACL associated with it; DENY
/// entries for ingress and egress, all protocols, <c>CidrBlock</c> or <c>Ipv6CidrBlock</c>, numbered in the tool's
/// range below the ACL's own rules. It only ever deletes entries it recorded creating; it respects the per
/// direction, per family quota by evicting its own oldest entry; a number taken meanwhile
/// (<c>NetworkAclEntryAlreadyExists</c>) moves to the next; an entry removed by hand is noticed and its record closed.
/// </summary>
public sealed class NetworkAclBlockExecutor(AwsClientFactory clients) : IBlockExecutor
{
    /// <summary>The rule number of the ACL's default entries, never used or counted.</summary>
    public const int DefaultRuleNumber = 32767;

    /// <summary>What <c>CreateAsync</c> returns when another worker denied the same block meanwhile.</summary>
    private const int AlreadyDenied = -1;

    /// <inheritdoc />
    public string ActionKey => BlockIpInNetworkAcl.ActionKey;

    /// <inheritdoc />
    public string BlockKind => Core.Response.Store.BlockKind.NetworkAcl;

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var region = action.Region ?? throw new ActionFailedException("the action names no region");
        var instanceId = action.Get("instance") ?? action.ResourceIds.FirstOrDefault() ?? throw new ActionFailedException("the action names no instance");
        var ec2 = await clients.Ec2Async(action.AccountId, region, cancellationToken).ConfigureAwait(false);

        var instance = await Ec2Instances.DescribeAsync(ec2, instanceId, cancellationToken).ConfigureAwait(false);
        var subnets = Ec2Instances.Interfaces(instance).Select(n => n.SubnetId).Append(instance.SubnetId).OfType<string>().Distinct().ToList();
        if (subnets.Count == 0)
        {
            return ActionOutcome.Skipped($"instance {instanceId} has no subnet (it is not in a VPC)");
        }

        List<NetworkAcl> acls;
        try
        {
            var response = await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { Filters = [new Filter("association.subnet-id", subnets)] }, cancellationToken).ConfigureAwait(false);
            acls = response.NetworkAcls ?? [];
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, "DescribeNetworkAcls", "ec2:DescribeNetworkAcls");
        }

        if (acls.Count == 0)
        {
            return ActionOutcome.Skipped($"no network ACL is associated with {string.Join(", ", subnets)}");
        }

        var reports = new List<AclReport>();
        foreach (var acl in acls)
        {
            reports.Add(await BlockInAclAsync(ec2, acl, action, region, context, cancellationToken).ConfigureAwait(false));
        }

        var created = reports.Sum(r => r.Created.Count);
        var failures = reports.SelectMany(r => r.Failures).ToList();
        var message = $"{created} DENY entr{(created == 1 ? "y" : "ies")} in {string.Join(", ", reports.Select(r => r.AclId))}" +
            (reports.Sum(r => r.Refreshed) > 0 ? $", {reports.Sum(r => r.Refreshed)} already in place" : "") +
            (reports.Sum(r => r.Evicted.Count) > 0 ? $", evicted {reports.Sum(r => r.Evicted.Count)} of ours for the quota" : "") +
            (reports.Sum(r => r.Repaired) > 0 ? $", {reports.Sum(r => r.Repaired)} removed by hand and re-recorded" : "") +
            (failures.Count > 0 ? $"; {failures.Count} failed: {failures[0].Message}" : "");
        var status = failures.Count == 0 ? ActionStatus.Executed : created > 0 || reports.Sum(r => r.Refreshed) > 0 ? ActionStatus.Partial : ActionStatus.Failed;
        return new ActionOutcome(status, message)
        {
            ErrorCode = failures.FirstOrDefault()?.Code,
            MissingPermission = failures.FirstOrDefault(f => f.Permission is not null)?.Permission,
            Before = JsonSerializer.Serialize(reports.Select(r => new { acl = r.AclId, entries = r.EntriesBefore })),
            After = JsonSerializer.Serialize(reports.Select(r => new { acl = r.AclId, created = r.Created, evicted = r.Evicted })),
            WriteCalls = created + reports.Sum(r => r.Evicted.Count),
        };
    }

    /// <inheritdoc />
    public async Task<ActionOutcome> RemoveBlocksAsync(IReadOnlyList<BlockRecord> blocks, string reason, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var first = blocks[0];
        var ec2 = await clients.Ec2Async(first.AccountId, first.Region ?? throw new ActionFailedException("the block names no region"), cancellationToken).ConfigureAwait(false);
        var acl = await DescribeAclAsync(ec2, first.Target, cancellationToken).ConfigureAwait(false);
        var entries = acl?.Entries ?? [];
        var removed = 0;
        var gone = 0;
        foreach (var block in blocks)
        {
            var entry = entries.FirstOrDefault(e => Matches(e, block));
            if (entry is null)
            {
                // Removed by hand (or the ACL is gone): nothing to delete, close the record.
                gone++;
                await context.Store.MarkBlocksRemovedAsync([block.Id], context.Now, reason + " (entry already gone)", cancellationToken).ConfigureAwait(false);
                continue;
            }

            await DeleteAsync(ec2, first.Target, block.RuleNumber!.Value, block.Egress == true, cancellationToken).ConfigureAwait(false);
            await context.Store.MarkBlocksRemovedAsync([block.Id], context.Now, reason, cancellationToken).ConfigureAwait(false);
            removed++;
        }

        return new ActionOutcome(ActionStatus.Executed, $"{first.Target}: deleted {removed} entr{(removed == 1 ? "y" : "ies")}" + (gone > 0 ? $", {gone} already gone" : "") + $" ({reason})")
        {
            WriteCalls = removed,
        };
    }

    private async Task<AclReport> BlockInAclAsync(IAmazonEC2 ec2, NetworkAcl acl, PlannedAction action, string region, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var report = new AclReport(acl.NetworkAclId);
        var entries = acl.Entries ?? [];
        report.EntriesBefore = entries.Count;
        var now = context.Now;

        // Drift: a recorded entry no longer in the ACL was removed by hand; close its record and carry on.
        var records = (await context.Store.ListBlocksAsync(new BlockQuery(Kind: BlockKind, Target: acl.NetworkAclId), cancellationToken).ConfigureAwait(false)).ToList();
        var missing = records.Where(r => !entries.Any(e => Matches(e, r))).ToList();
        if (missing.Count > 0)
        {
            await context.Store.MarkBlocksRemovedAsync([.. missing.Select(m => m.Id)], now, "missing: the entry was removed outside Cloud Sniper", cancellationToken).ConfigureAwait(false);
            report.Repaired = missing.Count;
            records = [.. records.Except(missing)];
        }

        var ourNumbers = records.Select(r => (r.RuleNumber, r.Egress == true)).ToHashSet();
        var foreign = entries.Where(e => e.RuleNumber != DefaultRuleNumber && !ourNumbers.Contains((e.RuleNumber, e.Egress == true))).ToList();
        // Our DENY entries must come before the first ALLOW rule to take effect; foreign DENY entries only occupy numbers.
        var allows = foreign.Where(e => e.RuleAction == RuleAction.Allow).ToList();
        var ceiling = Math.Min(options.AclRuleMax, allows.Count == 0 ? options.AclRuleMax : allows.Min(e => e.RuleNumber ?? DefaultRuleNumber) - 1);
        var live = entries.Where(e => e.RuleNumber != DefaultRuleNumber).ToList();

        foreach (var egress in new[] { false, true })
        {
            var used = live.Where(e => (e.Egress == true) == egress).Select(e => e.RuleNumber ?? 0).ToHashSet();
            foreach (var block in action.Blocks)
            {
                var network = IpNetwork.Parse(block.Address);
                var existing = live.FirstOrDefault(e => (e.Egress == true) == egress && SameCidr(e, block.Address));
                if (existing is not null)
                {
                    var mine = records.FirstOrDefault(r => r.RuleNumber == existing.RuleNumber && (r.Egress == true) == egress);
                    if (mine is not null)
                    {
                        await context.Store.UpsertBlocksAsync([Record(action, acl.NetworkAclId, region, block, mine.RuleNumber!.Value, egress, now)], cancellationToken).ConfigureAwait(false);
                    }

                    report.Refreshed++;
                    continue;
                }

                var outcome = await CreateAsync(ec2, acl.NetworkAclId, network, egress, used, ceiling, live, records, report, context, cancellationToken).ConfigureAwait(false);
                if (outcome == AlreadyDenied)
                {
                    report.Refreshed++;
                }
                else if (outcome is { } number)
                {
                    var record = Record(action, acl.NetworkAclId, region, block, number, egress, now);
                    await context.Store.UpsertBlocksAsync([record], cancellationToken).ConfigureAwait(false);
                    records.Add(record);
                    live.Add(new NetworkAclEntry { RuleNumber = number, Egress = egress, CidrBlock = network.IsIPv6 ? null : block.Address, Ipv6CidrBlock = network.IsIPv6 ? block.Address : null, RuleAction = RuleAction.Deny, Protocol = "-1" });
                    report.Created.Add($"{(egress ? "egress" : "ingress")} #{number} {block.Address}");
                }
            }
        }

        return report;
    }

    private async Task<int?> CreateAsync(
        IAmazonEC2 ec2, string aclId, IpNetwork network, bool egress, HashSet<int> used, int ceiling, List<NetworkAclEntry> live, List<BlockRecord> records, AclReport report, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var evictedForLimit = false;
        for (var tries = 0; tries < 50; tries++)
        {
            // Quota per direction and family: evict our oldest entry of that direction and family to make room.
            var sameKind = live.Count(e => (e.Egress == true) == egress && IsV6(e) == network.IsIPv6);
            if (sameKind >= options.AclQuotaPerDirection || evictedForLimit)
            {
                evictedForLimit = false;
                if (!await EvictOldestAsync(ec2, aclId, egress, network.IsIPv6, used, live, records, report, context, cancellationToken).ConfigureAwait(false))
                {
                    report.Failures.Add(new AclFailure($"{aclId}: the quota of {options.AclQuotaPerDirection} {(egress ? "egress" : "ingress")} {(network.IsIPv6 ? "IPv6" : "IPv4")} entries is used by entries Cloud Sniper did not create", "NetworkAclEntryLimitExceeded", null));
                    return null;
                }
            }

            var number = Enumerable.Range(options.AclRuleMin, Math.Max(0, ceiling - options.AclRuleMin + 1)).Cast<int?>().FirstOrDefault(n => !used.Contains(n!.Value));
            if (number is null)
            {
                if (await EvictOldestAsync(ec2, aclId, egress, null, used, live, records, report, context, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                report.Failures.Add(new AclFailure($"{aclId}: no free rule number in {options.AclRuleMin}-{ceiling} (below the ACL's own rules)", "NoFreeRuleNumber", null));
                return null;
            }

            var request = new CreateNetworkAclEntryRequest
            {
                NetworkAclId = aclId,
                RuleNumber = number.Value,
                Egress = egress,
                Protocol = "-1",
                RuleAction = RuleAction.Deny,
            };
            if (network.IsIPv6)
            {
                request.Ipv6CidrBlock = network.ToString();
            }
            else
            {
                request.CidrBlock = network.ToString();
            }

            try
            {
                await ec2.CreateNetworkAclEntryAsync(request, cancellationToken).ConfigureAwait(false);
                used.Add(number.Value);
                return number.Value;
            }
            catch (AmazonEC2Exception ex) when (ex.ErrorCode == "NetworkAclEntryAlreadyExists")
            {
                // Taken meanwhile (another worker, or a hand-made entry): read the ACL again; if another worker has just
                // denied this same block, there is nothing to add; otherwise try the next free number.
                used.Add(number.Value);
                var fresh = await DescribeAclAsync(ec2, aclId, cancellationToken).ConfigureAwait(false);
                if (fresh?.Entries is { } entries)
                {
                    live.Clear();
                    live.AddRange(entries.Where(e => e.RuleNumber != DefaultRuleNumber));
                    used.UnionWith(live.Where(e => (e.Egress == true) == egress).Select(e => e.RuleNumber ?? 0));
                    if (live.Any(e => (e.Egress == true) == egress && SameCidr(e, network.ToString())))
                    {
                        return AlreadyDenied;
                    }
                }
            }
            catch (AmazonEC2Exception ex) when (ex.ErrorCode == "NetworkAclEntryLimitExceeded")
            {
                // The account's quota is lower than configured: evict one of ours and try again.
                evictedForLimit = true;
            }
            catch (Exception ex) when (AwsFailures.IsAws(ex))
            {
                var failure = AwsFailures.From(ex, $"CreateNetworkAclEntry {aclId}", "ec2:CreateNetworkAclEntry");
                report.Failures.Add(new AclFailure(failure.Message, failure.ErrorCode, failure.MissingPermission));
                return null;
            }
        }

        report.Failures.Add(new AclFailure($"{aclId}: gave up finding a free rule number", "NetworkAclEntryAlreadyExists", null));
        return null;
    }

    private async Task<bool> EvictOldestAsync(
        IAmazonEC2 ec2, string aclId, bool egress, bool? ipv6, HashSet<int> used, List<NetworkAclEntry> live, List<BlockRecord> records, AclReport report, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var oldest = records
            .Where(r => r.Egress == egress && (ipv6 is null || r.Address.Contains(':', StringComparison.Ordinal) == ipv6))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.ExpiresAt)
            .FirstOrDefault();
        if (oldest is null)
        {
            return false;
        }

        await DeleteAsync(ec2, aclId, oldest.RuleNumber!.Value, egress, cancellationToken).ConfigureAwait(false);
        await context.Store.MarkBlocksRemovedAsync([oldest.Id], context.Now, "evicted: network ACL quota", cancellationToken).ConfigureAwait(false);
        records.Remove(oldest);
        live.RemoveAll(e => e.RuleNumber == oldest.RuleNumber && (e.Egress == true) == egress);
        used.Remove(oldest.RuleNumber.Value);
        report.Evicted.Add($"{(egress ? "egress" : "ingress")} #{oldest.RuleNumber} {oldest.Address}");
        return true;
    }

    private static async Task DeleteAsync(IAmazonEC2 ec2, string aclId, int number, bool egress, CancellationToken cancellationToken)
    {
        try
        {
            await ec2.DeleteNetworkAclEntryAsync(new DeleteNetworkAclEntryRequest { NetworkAclId = aclId, RuleNumber = number, Egress = egress }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonEC2Exception ex) when (ex.ErrorCode == "InvalidNetworkAclEntry.NotFound")
        {
            // Already gone: the goal is reached.
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"DeleteNetworkAclEntry {aclId} #{number}", "ec2:DeleteNetworkAclEntry");
        }
    }

    private static async Task<NetworkAcl?> DescribeAclAsync(IAmazonEC2 ec2, string aclId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { NetworkAclIds = [aclId] }, cancellationToken).ConfigureAwait(false);
            return response.NetworkAcls?.FirstOrDefault();
        }
        catch (AmazonEC2Exception ex) when (ex.ErrorCode == "InvalidNetworkAclID.NotFound")
        {
            return null;
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, "DescribeNetworkAcls", "ec2:DescribeNetworkAcls");
        }
    }

    private BlockRecord Record(PlannedAction action, string aclId, string region, PlannedBlock block, int number, bool egress, DateTimeOffset now) => new()
    {
        Id = BlockRecord.IdFor(BlockKind, aclId, block.Address, egress),
        Address = block.Address,
        Kind = BlockKind,
        Target = aclId,
        AccountId = action.AccountId,
        Region = region,
        RuleNumber = number,
        Egress = egress,
        CreatedAt = now,
        ExpiresAt = now + block.Ttl,
        FindingId = block.FindingId,
        ActionId = action.Id,
        Offence = block.Offence,
    };

    private static bool Matches(NetworkAclEntry entry, BlockRecord record) =>
        entry.RuleNumber == record.RuleNumber && (entry.Egress == true) == (record.Egress == true) && SameCidr(entry, record.Address) && entry.RuleAction == RuleAction.Deny;

    private static bool SameCidr(NetworkAclEntry entry, string address)
    {
        var text = entry.CidrBlock ?? entry.Ipv6CidrBlock;
        return text is not null && IpNetwork.TryParse(text, out var n) && n.Value.ToString() == address;
    }

    private static bool IsV6(NetworkAclEntry entry) => entry.Ipv6CidrBlock is not null;

    private sealed record AclFailure(string Message, string? Code, string? Permission);

    private sealed class AclReport(string aclId)
    {
        public string AclId { get; } = aclId;

        public int EntriesBefore { get; set; }

        public List<string> Created { get; } = [];

        public List<string> Evicted { get; } = [];

        public int Refreshed { get; set; }

        public int Repaired { get; set; }

        public List<AclFailure> Failures { get; } = [];
    }
}
