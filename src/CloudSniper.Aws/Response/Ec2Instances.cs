using Amazon.EC2;
using Amazon.EC2.Model;
using CloudSniper.Core.Response.Execution;

namespace CloudSniper.Aws.Response;

/// <summary>Reads one instance with <c>DescribeInstances</c>, turning "not found" and AWS errors into recorded failures.</summary>
internal static class Ec2Instances
{
    public static async Task<Instance> DescribeAsync(IAmazonEC2 ec2, string instanceId, CancellationToken cancellationToken)
    {
        DescribeInstancesResponse response;
        try
        {
            response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [instanceId] }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonEC2Exception ex) when (ex.ErrorCode is "InvalidInstanceID.NotFound" or "InvalidInstanceID.Malformed")
        {
            throw new ActionFailedException($"instance {instanceId} was not found", ex.ErrorCode, null, ex);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"DescribeInstances {instanceId}", "ec2:DescribeInstances");
        }

        return response.Reservations?.SelectMany(r => r.Instances ?? []).FirstOrDefault(i => i.InstanceId == instanceId)
            ?? throw new ActionFailedException($"instance {instanceId} was not found", "InvalidInstanceID.NotFound");
    }

    /// <summary>Every network interface of the instance (its subnets and groups).</summary>
    public static IReadOnlyList<InstanceNetworkInterface> Interfaces(Instance instance) => instance.NetworkInterfaces ?? [];

    /// <summary>Every EBS volume attached to the instance.</summary>
    public static IReadOnlyList<string> Volumes(Instance instance) =>
        [.. (instance.BlockDeviceMappings ?? []).Select(m => m.Ebs?.VolumeId).OfType<string>().Distinct()];
}
