using System.Collections.Immutable;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>
/// Blocks remote addresses in the network ACLs of the affected instance's subnets: DENY entries for ingress and
/// egress, all protocols, in the tool's own rule-number range below the first allow rule that matches, within the per-direction
/// quota by evicting the tool's own oldest entries; never touching entries it did not create.
/// </summary>
/// <example>
/// <code>
/// - nacl-block: { direction: inbound }
/// </code>
/// </example>
public sealed class BlockIpInNetworkAcl : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "nacl-block";

    public override string Key => ActionKey;

    public override string Description => "Add DENY entries for the finding's remote addresses to the network ACLs of the affected instance's subnets";

    public override NistPhase Phase => NistPhase.Containment;

    public override bool Blocks => true;

    public override bool Undoable => true;

    public override IReadOnlyList<ActionParameter> Parameters { get; } = [CommonParameters.Direction, CommonParameters.Ttl];

    public override IReadOnlyList<string> Permissions { get; } =
    [
        "ec2:DescribeInstances", "ec2:DescribeNetworkAcls", "ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAclEntry",
        // The applied "Rules per network ACL" quota; without them the AWS default of 20 is assumed.
        "servicequotas:GetServiceQuota", "servicequotas:GetAWSDefaultServiceQuota",
    ];

    public override string DryRun => "Lists the addresses that would be denied in the ACLs of the instance's subnets; ACLs are resolved only when executing.";

    public override void Plan(ActionPlanningContext context)
    {
        var finding = context.Finding;
        if (finding.AccountId is null || finding.Region is null)
        {
            context.Skip("the finding names no account or region");
            return;
        }

        if (finding.Instances.IsEmpty)
        {
            context.Skip("the finding names no instance, so no subnet or network ACL");
            return;
        }

        var direction = context.Invocation.GetString("direction", "any");
        var addresses = FindingAddresses.Select(finding, direction);
        if (addresses.Count == 0)
        {
            context.Skip($"the finding has no {direction} remote address");
            return;
        }

        foreach (var instance in finding.Instances)
        {
            var key = $"{ActionKey}|{finding.AccountId}|{finding.Region}|{instance.InstanceId}";
            IReadOnlyDictionary<string, string> Parameters() => ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new KeyValuePair<string, string>[]
            {
                new("instance", instance.InstanceId),
                new("subnets", string.Join(',', instance.NetworkInterfaces.Select(n => n.SubnetId).Where(s => s is not null).Distinct())),
            });
            var any = false;
            foreach (var address in addresses)
            {
                any |= context.Block(key, address, Parameters);
            }

            if (any)
            {
                context.Act(key, [instance.InstanceId], Parameters);
            }
        }
    }
}
