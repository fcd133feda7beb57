using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Aws.Response;

/// <summary>Executes <c>snapshot</c>: one snapshot of every EBS volume attached to the instance, tagged with the incident and finding.</summary>
public sealed class SnapshotExecutor(AwsClientFactory clients) : IActionExecutor
{
    /// <inheritdoc />
    public string ActionKey => SnapshotVolumes.ActionKey;

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var region = action.Region ?? throw new ActionFailedException("the action names no region");
        var instanceId = action.Get("instance") ?? action.ResourceIds.FirstOrDefault() ?? throw new ActionFailedException("the action names no instance");
        var prefix = action.Get("prefix") ?? context.Options.TagPrefix;
        var ec2 = await clients.Ec2Async(action.AccountId, region, cancellationToken).ConfigureAwait(false);
        var instance = await Ec2Instances.DescribeAsync(ec2, instanceId, cancellationToken).ConfigureAwait(false);
        var volumes = Ec2Instances.Volumes(instance);
        if (volumes.Count == 0)
        {
            return ActionOutcome.Skipped($"instance {instanceId} has no EBS volume");
        }

        var snapshots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in volumes)
        {
            var tags = new List<Tag>
            {
                new(prefix + "incident-id", action.Get("incident-id") ?? ""),
                new(prefix + "finding-type", action.Get("finding-type") ?? ""),
                new(prefix + "instance", instanceId),
                new(prefix + "purpose", "forensics"),
            };
            try
            {
                var response = await ec2.CreateSnapshotAsync(
                    new CreateSnapshotRequest
                    {
                        VolumeId = volume,
                        Description = $"Cloud Sniper forensic snapshot of {volume} ({instanceId}, {action.Get("finding-type")})",
                        TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Snapshot, Tags = tags }],
                    },
                    cancellationToken).ConfigureAwait(false);
                snapshots[volume] = response.Snapshot?.SnapshotId ?? "";
            }
            catch (Exception ex) when (AwsFailures.IsAws(ex))
            {
                var failure = AwsFailures.From(ex, $"CreateSnapshot {volume}", "ec2:CreateSnapshot");
                return new ActionOutcome(snapshots.Count > 0 ? ActionStatus.Partial : ActionStatus.Failed, failure.Message)
                {
                    ErrorCode = failure.ErrorCode,
                    MissingPermission = failure.MissingPermission,
                    After = JsonSerializer.Serialize(snapshots),
                };
            }
        }

        return new ActionOutcome(ActionStatus.Executed, $"snapshotted {snapshots.Count} volume(s) of {instanceId}: {string.Join(", ", snapshots.Values)}")
        {
            After = JsonSerializer.Serialize(snapshots),
            WriteCalls = snapshots.Count,
        };
    }
}
