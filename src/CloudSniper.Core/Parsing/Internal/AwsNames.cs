using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>Maps the enumerations AWS documents use onto the model.</summary>
internal static class AwsNames
{
    /// <summary>GuardDuty's <c>actionType</c> (also ASFF's <c>Action.ActionType</c>).</summary>
    public static ActionKind ActionKindOf(string? actionType) => actionType?.ToUpperInvariant() switch
    {
        "NETWORK_CONNECTION" => ActionKind.NetworkConnection,
        "PORT_PROBE" => ActionKind.PortProbe,
        "AWS_API_CALL" => ActionKind.AwsApiCall,
        "DNS_REQUEST" => ActionKind.DnsRequest,
        "KUBERNETES_API_CALL" => ActionKind.KubernetesApiCall,
        "RDS_LOGIN_ATTEMPT" => ActionKind.RdsLoginAttempt,
        "KUBERNETES_PERMISSION_CHECKED" => ActionKind.KubernetesPermissionChecked,
        "KUBERNETES_ROLE_BINDING" => ActionKind.KubernetesRoleBinding,
        "KUBERNETES_ROLE" => ActionKind.KubernetesRole,
        _ => ActionKind.Unknown,
    };

    /// <summary>A connection direction: INBOUND/IN, OUTBOUND/OUT, anything else unknown.</summary>
    public static NetworkDirection DirectionOf(string? direction) => direction?.ToUpperInvariant() switch
    {
        "INBOUND" or "IN" => NetworkDirection.Inbound,
        "OUTBOUND" or "OUT" => NetworkDirection.Outbound,
        _ => NetworkDirection.Unknown,
    };

    /// <summary>The resource kind for an attack sequence's <c>resourceType</c> (EC2_INSTANCE, S3_BUCKET, …).</summary>
    public static string KindOfSequenceResource(string? resourceType) => resourceType?.ToUpperInvariant() switch
    {
        "EC2_INSTANCE" => "Instance",
        "EC2_NETWORK_INTERFACE" => "NetworkInterface",
        "S3_BUCKET" => "S3Bucket",
        "S3_OBJECT" => "S3Object",
        "ACCESS_KEY" => "AccessKey",
        "EKS_CLUSTER" => "EksCluster",
        "KUBERNETES_WORKLOAD" => "KubernetesWorkload",
        "CONTAINER" => "Container",
        "ECS_CLUSTER" => "EcsCluster",
        "ECS_TASK" => "EcsTask",
        "AUTOSCALING_AUTO_SCALING_GROUP" => "AutoScalingGroup",
        "IAM_INSTANCE_PROFILE" => "IamInstanceProfile",
        null or "" => "Resource",
        _ => PascalCase(resourceType),
    };

    /// <summary>A kind from a property name such as <c>ebsSnapshotDetails</c> (EbsSnapshot) or an enum such as <c>EC2_IMAGE</c>.</summary>
    public static string PascalCase(string name)
    {
        if (name.EndsWith("Details", StringComparison.Ordinal) && name.Length > 7)
        {
            name = name[..^7];
        }

        if (name.Contains('_', StringComparison.Ordinal) || name.All(c => !char.IsAsciiLetterLower(c)))
        {
            return string.Concat(name.Split('_', StringSplitOptions.RemoveEmptyEntries)
                .Select(w => char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant()));
        }

        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    /// <summary>The last path segment of an ARN (<c>…:volume/vol-0abc</c> gives <c>vol-0abc</c>), or the text itself.</summary>
    public static string? LastSegment(string? arn)
    {
        if (string.IsNullOrEmpty(arn))
        {
            return arn;
        }

        var cut = arn.LastIndexOfAny(['/', ':']);
        return cut >= 0 && cut < arn.Length - 1 ? arn[(cut + 1)..] : arn;
    }

    /// <summary>The partition of an ARN (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>), or null.</summary>
    public static string? PartitionOf(string? arn)
    {
        if (arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        var end = arn.IndexOf(':', 4);
        return end > 4 ? arn[4..end] : null;
    }
}
