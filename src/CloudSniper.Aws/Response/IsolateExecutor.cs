using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Response;

/// <summary>
/// Executes <c>isolate</c>: finds or creates the quarantine security group in the instance's VPC (no ingress rule,
/// its default egress rule revoked), puts it alone on every network interface, and records each interface's previous
/// groups so that undo can restore them.
/// </summary>
public sealed class IsolateExecutor(AwsClientFactory clients) : IUndoableExecutor
{
    /// <inheritdoc />
    public string ActionKey => IsolateInstance.ActionKey;

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var region = action.Region ?? throw new ActionFailedException("the action names no region");
        var instanceId = action.Get("instance") ?? action.ResourceIds.FirstOrDefault() ?? throw new ActionFailedException("the action names no instance");
        var groupName = action.Get("group-name") ?? context.Options.QuarantineGroupName;
        var ec2 = await clients.Ec2Async(action.AccountId, region, cancellationToken).ConfigureAwait(false);
        var instance = await Ec2Instances.DescribeAsync(ec2, instanceId, cancellationToken).ConfigureAwait(false);
        var vpc = instance.VpcId ?? Ec2Instances.Interfaces(instance).Select(n => n.VpcId).FirstOrDefault(v => v is not null);
        if (vpc is null)
        {
            return ActionOutcome.Skipped($"instance {instanceId} is not in a VPC");
        }

        var (groupId, created) = await QuarantineGroupAsync(ec2, vpc, groupName, cancellationToken).ConfigureAwait(false);
        var previous = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var eni in Ec2Instances.Interfaces(instance))
        {
            var groups = (eni.Groups ?? []).Select(g => g.GroupId).OfType<string>().ToList();
            if (eni.NetworkInterfaceId is null || (groups.Count == 1 && groups[0] == groupId))
            {
                continue;
            }

            try
            {
                await ec2.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = eni.NetworkInterfaceId, Groups = [groupId] }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (AwsFailures.IsAws(ex))
            {
                // Record what was already moved so undo can restore it, then report the failure.
                var failure = AwsFailures.From(ex, $"ModifyNetworkInterfaceAttribute {eni.NetworkInterfaceId}", "ec2:ModifyNetworkInterfaceAttribute");
                return new ActionOutcome(previous.Count > 0 ? ActionStatus.Partial : ActionStatus.Failed, failure.Message)
                {
                    ErrorCode = failure.ErrorCode,
                    MissingPermission = failure.MissingPermission,
                    Undo = JsonSerializer.Serialize(new IsolateUndo(region, action.AccountId, previous)),
                };
            }

            previous[eni.NetworkInterfaceId] = groups;
        }

        return new ActionOutcome(ActionStatus.Executed, previous.Count == 0 ? $"{instanceId} was already isolated in {groupId}" : $"isolated {instanceId}: {previous.Count} interface(s) moved to {groupName} ({groupId}{(created ? ", created" : "")})")
        {
            Before = JsonSerializer.Serialize(previous),
            After = JsonSerializer.Serialize(new { group = groupId, interfaces = previous.Keys }),
            Undo = JsonSerializer.Serialize(new IsolateUndo(region, action.AccountId, previous)),
            WriteCalls = previous.Count,
        };
    }

    /// <inheritdoc />
    public async Task<ActionOutcome> UndoAsync(ActionRecord record, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var undo = JsonSerializer.Deserialize<IsolateUndo>(record.Undo!)!;
        var ec2 = await clients.Ec2Async(undo.Account, undo.Region, cancellationToken).ConfigureAwait(false);
        foreach (var (eni, groups) in undo.Previous)
        {
            try
            {
                await ec2.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = eni, Groups = groups }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (AwsFailures.IsAws(ex))
            {
                throw AwsFailures.From(ex, $"ModifyNetworkInterfaceAttribute {eni}", "ec2:ModifyNetworkInterfaceAttribute");
            }
        }

        return ActionOutcome.Executed($"restored the security groups of {undo.Previous.Count} interface(s)");
    }

    private static async Task<(string GroupId, bool Created)> QuarantineGroupAsync(IAmazonEC2 ec2, string vpc, string name, CancellationToken cancellationToken)
    {
        try
        {
            var existing = await ec2.DescribeSecurityGroupsAsync(
                new DescribeSecurityGroupsRequest { Filters = [new Filter("vpc-id", [vpc]), new Filter("group-name", [name])] },
                cancellationToken).ConfigureAwait(false);
            if (existing.SecurityGroups?.FirstOrDefault()?.GroupId is { } id)
            {
                return (id, false);
            }

            var created = await ec2.CreateSecurityGroupAsync(
                new CreateSecurityGroupRequest
                {
                    GroupName = name,
                    Description = "Cloud Sniper quarantine: no inbound or outbound traffic",
                    VpcId = vpc,
                    TagSpecifications = [new TagSpecification { ResourceType = ResourceType.SecurityGroup, Tags = [new Tag("cloudsniper:managed", "true")] }],
                },
                cancellationToken).ConfigureAwait(false);

            // A new group allows all egress by default; a quarantine allows none.
            await ec2.RevokeSecurityGroupEgressAsync(
                new RevokeSecurityGroupEgressRequest { GroupId = created.GroupId, IpPermissions = [new IpPermission { IpProtocol = "-1", Ipv4Ranges = [new IpRange { CidrIp = "0.0.0.0/0" }] }] },
                cancellationToken).ConfigureAwait(false);
            return (created.GroupId, true);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"quarantine group {name} in {vpc}", "ec2:CreateSecurityGroup");
        }
    }

    private sealed record IsolateUndo(string Region, string? Account, Dictionary<string, List<string>> Previous);
}
