using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Acls;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Response;

/// <summary>
/// Executes <c>nacl-block</c>: instance → every network interface → its subnet → the ACL associated with it; DENY
/// entries for ingress and egress, all protocols, <c>CidrBlock</c> or <c>Ipv6CidrBlock</c>, numbered in the tool's
/// range and below the first rule that allows the address (<see cref="NetworkAclRules.Place"/>). An address whose
/// first matching rule already denies it is left alone and not recorded; one that no free number can reach first is a
/// failure, not a success. It only ever deletes entries it recorded creating; it keeps within the per direction, per
/// family quota (default rule included, applied value from Service Quotas) by evicting its own oldest entry; a number
/// taken meanwhile (<c>NetworkAclEntryAlreadyExists</c>) moves to the next; an entry removed by hand is noticed and its
/// record closed.
/// </summary>
public sealed class NetworkAclBlockExecutor(AwsClientFactory clients) : IBlockExecutor
{
    private readonly NetworkAclQuotaReader _quotas = new(clients);

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
        var elsewhere = reports.SelectMany(r => r.DeniedElsewhere).ToList();
        var message = $"{created} DENY entr{(created == 1 ? "y" : "ies")} in {string.Join(", ", reports.Select(r => r.AclId))}" +
            (reports.Sum(r => r.Refreshed) > 0 ? $", {reports.Sum(r => r.Refreshed)} already in place" : "") +
            (elsewhere.Count > 0 ? $", {elsewhere.Count} already denied by rules Cloud Sniper did not create (not recorded: {elsewhere[0]})" : "") +
            (reports.Sum(r => r.Replaced.Count) > 0 ? $", replaced {reports.Sum(r => r.Replaced.Count)} of ours that an ALLOW rule came before" : "") +
            (reports.Sum(r => r.Evicted.Count) > 0 ? $", evicted {reports.Sum(r => r.Evicted.Count)} of ours for the quota" : "") +
            (reports.Sum(r => r.Repaired) > 0 ? $", {reports.Sum(r => r.Repaired)} removed by hand and re-recorded" : "") +
            (failures.Count > 0 ? $"; {failures.Count} failed: {failures[0].Message}" : "");
        var status = failures.Count == 0 ? ActionStatus.Executed : created > 0 || reports.Sum(r => r.Refreshed) > 0 || elsewhere.Count > 0 ? ActionStatus.Partial : ActionStatus.Failed;
        return new ActionOutcome(status, message)
        {
            ErrorCode = failures.FirstOrDefault()?.Code,
            MissingPermission = failures.FirstOrDefault(f => f.Permission is not null)?.Permission,
            Before = JsonSerializer.Serialize(reports.Select(r => new { acl = r.AclId, entries = r.EntriesBefore })),
            After = JsonSerializer.Serialize(reports.Select(r => new { acl = r.AclId, created = r.Created, evicted = r.Evicted, replaced = r.Replaced, deniedElsewhere = r.DeniedElsewhere })),
            WriteCalls = created + reports.Sum(r => r.Evicted.Count) + reports.Sum(r => r.Replaced.Count),
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

        // Our own entries count like any other rule: a DENY only blocks when it comes before every ALLOW that matches.
        var live = entries.Where(e => !IsDefault(e)).ToList();
        var defaults = entries.Where(IsDefault).ToList();

        foreach (var egress in new[] { false, true })
        {
            var direction = egress ? "egress" : "ingress";
            var taken = new HashSet<int>();
            foreach (var block in action.Blocks)
            {
                var network = IpNetwork.Parse(block.Address);
                var placement = Place(live.Concat(defaults), egress, network, options, taken);
                if (placement.Kind == AclPlacementKind.AlreadyDenied)
                {
                    var mine = records.FirstOrDefault(r => r.RuleNumber == placement.Number && (r.Egress == true) == egress && r.Address == block.Address);
                    if (mine is not null)
                    {
                        await context.Store.UpsertBlocksAsync([Record(action, acl.NetworkAclId, region, block, mine.RuleNumber!.Value, egress, now)], cancellationToken).ConfigureAwait(false);
                        report.Refreshed++;
                    }
                    else if (records.Any(r => r.RuleNumber == placement.Number && (r.Egress == true) == egress))
                    {
                        // Inside a broader block of ours: that entry denies it, and its own record says when it goes.
                        report.Refreshed++;
                    }
                    else
                    {
                        // Denied by a rule someone else owns (or the default rule): blocked, but never recorded as ours.
                        report.DeniedElsewhere.Add($"{direction} {block.Address}: {placement.Reason}");
                    }

                    continue;
                }

                // An entry of ours for this address that an ALLOW now precedes is replaced by one that comes first.
                var stale = records.FirstOrDefault(r => (r.Egress == true) == egress && r.Address == block.Address);
                var outcome = await CreateAsync(ec2, action.AccountId, region, acl.NetworkAclId, network, egress, live, defaults, taken, records, report, context, cancellationToken).ConfigureAwait(false);
                if (outcome == AlreadyDenied)
                {
                    report.Refreshed++;
                }
                else if (outcome is { } number)
                {
                    var record = Record(action, acl.NetworkAclId, region, block, number, egress, now);
                    await context.Store.UpsertBlocksAsync([record], cancellationToken).ConfigureAwait(false);
                    live.Add(new NetworkAclEntry { RuleNumber = number, Egress = egress, CidrBlock = network.IsIPv6 ? null : block.Address, Ipv6CidrBlock = network.IsIPv6 ? block.Address : null, RuleAction = RuleAction.Deny, Protocol = "-1" });
                    report.Created.Add($"{direction} #{number} {block.Address}");
                    if (stale is not null && records.Remove(stale))
                    {
                        await ReplaceStaleAsync(ec2, acl.NetworkAclId, stale, egress, number, live, report, cancellationToken).ConfigureAwait(false);
                    }

                    records.Add(record);
                }
            }
        }

        return report;
    }

    /// <summary>The quota that applies, read only once a direction holds the AWS default's worth of entries (an applied quota is never lower).</summary>
    private async Task<NetworkAclQuota?> QuotaAsync(int counted, string? account, string region, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.Options.AclQuotaPerDirection is { } configured)
        {
            return new NetworkAclQuota(configured, "configured as response.nacl.quota");
        }

        return counted < NetworkAclQuotaReader.AwsDefault ? null : await _quotas.ReadAsync(account, region, context.Now, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ReplaceStaleAsync(IAmazonEC2 ec2, string aclId, BlockRecord stale, bool egress, int number, List<NetworkAclEntry> live, AclReport report, CancellationToken cancellationToken)
    {
        var direction = egress ? "egress" : "ingress";
        try
        {
            await DeleteAsync(ec2, aclId, stale.RuleNumber!.Value, egress, cancellationToken).ConfigureAwait(false);
            live.RemoveAll(e => e.RuleNumber == stale.RuleNumber && (e.Egress == true) == egress);
            report.Replaced.Add($"{direction} #{stale.RuleNumber} -> #{number} {stale.Address}");
        }
        catch (ActionFailedException ex)
        {
            report.Failures.Add(new AclFailure($"{aclId}: {direction} #{stale.RuleNumber} {stale.Address} (replaced by #{number}) could not be deleted: {ex.Message}", ex.ErrorCode, ex.MissingPermission));
        }
    }

    private async Task<int?> CreateAsync(
        IAmazonEC2 ec2, string? account, string region, string aclId, IpNetwork network, bool egress, List<NetworkAclEntry> live, List<NetworkAclEntry> defaults, HashSet<int> taken, List<BlockRecord> records, AclReport report, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var direction = egress ? "egress" : "ingress";
        var evictedForLimit = false;
        for (var tries = 0; tries < 50; tries++)
        {
            // Quota per direction and family, the default rule included: with the ACL at its quota, the create would fail
            // with NetworkAclEntryLimitExceeded, so our oldest entry of that direction and family goes first.
            var counted = NetworkAclRules.CountTowardQuota(live.Where(e => (e.Egress == true) == egress).Select(ToRule).OfType<AclRule>(), network.IsIPv6);
            var quota = await QuotaAsync(counted, account, region, context, cancellationToken).ConfigureAwait(false);
            if ((quota is not null && counted >= quota.Value) || evictedForLimit)
            {
                var refused = evictedForLimit;
                evictedForLimit = false;
                if (!await EvictOldestAsync(ec2, aclId, egress, network.IsIPv6, null, live, records, report, context, cancellationToken).ConfigureAwait(false))
                {
                    var family = network.IsIPv6 ? "IPv6" : "IPv4";
                    var limit = quota is null ? "its quota" : $"the quota of {quota.Value}, {quota.Source}";
                    report.Failures.Add(new AclFailure(
                        refused
                            ? $"{aclId}: AWS refused the {direction} entry for {network} with NetworkAclEntryLimitExceeded (the ACL is at {limit}) and none of its {direction} {family} rules is Cloud Sniper's to evict"
                            : $"{aclId}: {counted} {direction} {family} rules, the default one included, reach {limit}, and none of them is Cloud Sniper's to evict (they are entries Cloud Sniper did not create)",
                        "NetworkAclEntryLimitExceeded",
                        null));
                    return null;
                }
            }

            var placement = Place(live.Concat(defaults), egress, network, options, taken);
            if (placement.Kind == AclPlacementKind.AlreadyDenied)
            {
                return AlreadyDenied;
            }

            if (placement.Kind == AclPlacementKind.NoRoom)
            {
                // Evicting one of ours helps only when it frees a number the DENY may take, below the first matching ALLOW.
                if (await EvictOldestAsync(ec2, aclId, egress, null, placement.Ceiling, live, records, report, context, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                // Reporting success here would leave the attacker in: fail, saying which rule lets it through.
                report.Failures.Add(new AclFailure($"{aclId} {direction}: {placement.Reason}", "NoFreeRuleNumber", null));
                return null;
            }

            var number = placement.Number!.Value;
            var request = new CreateNetworkAclEntryRequest
            {
                NetworkAclId = aclId,
                RuleNumber = number,
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
                return number;
            }
            catch (AmazonEC2Exception ex) when (ex.ErrorCode == "NetworkAclEntryAlreadyExists")
            {
                // Taken meanwhile (another worker, or a hand-made entry): read the ACL again; if another worker has just
                // denied this same block, the next placement says so; otherwise it moves to the next free number.
                taken.Add(number);
                var fresh = await DescribeAclAsync(ec2, aclId, cancellationToken).ConfigureAwait(false);
                if (fresh?.Entries is { } entries)
                {
                    live.Clear();
                    live.AddRange(entries.Where(e => !IsDefault(e)));
                    defaults.Clear();
                    defaults.AddRange(entries.Where(IsDefault));
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
        IAmazonEC2 ec2, string aclId, bool egress, bool? ipv6, int? maxNumber, List<NetworkAclEntry> live, List<BlockRecord> records, AclReport report, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var oldest = records
            .Where(r => r.Egress == egress && (ipv6 is null || r.Address.Contains(':', StringComparison.Ordinal) == ipv6))
            .Where(r => maxNumber is null || (r.RuleNumber >= context.Options.AclRuleMin && r.RuleNumber <= maxNumber))
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

    /// <summary>The default <c>*</c> rules, which EC2 lists as 32767 (IPv4) and 32768 (IPv6); custom rules are 1-32766.</summary>
    private static bool IsDefault(NetworkAclEntry entry) => entry.RuleNumber >= NetworkAclRules.FirstDefaultRuleNumber;

    private static AclPlacement Place(IEnumerable<NetworkAclEntry> entries, bool egress, IpNetwork network, ResponseOptions options, IReadOnlySet<int> taken) =>
        NetworkAclRules.Place(entries.Where(e => (e.Egress == true) == egress).Select(ToRule).OfType<AclRule>(), network, options.AclRuleMin, options.AclRuleMax, taken);

    private static AclRule? ToRule(NetworkAclEntry entry) =>
        entry.RuleNumber is { } number && IpNetwork.TryParse(entry.CidrBlock ?? entry.Ipv6CidrBlock, out var cidr)
            ? new AclRule(number, entry.RuleAction == RuleAction.Allow, cidr.Value, entry.Protocol is "-1" or "all")
            : null;

    private sealed record AclFailure(string Message, string? Code, string? Permission);

    private sealed class AclReport(string aclId)
    {
        public string AclId { get; } = aclId;

        public int EntriesBefore { get; set; }

        public List<string> Created { get; } = [];

        public List<string> Evicted { get; } = [];

        public List<string> Replaced { get; } = [];

        public List<string> DeniedElsewhere { get; } = [];

        public int Refreshed { get; set; }

        public int Repaired { get; set; }

        public List<AclFailure> Failures { get; } = [];
    }
}
