using System.Collections.Immutable;
using System.Text.Json;
using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>The <c>resource</c> part of a GuardDuty finding: every affected resource becomes a <see cref="ResourceRef"/>.</summary>
internal sealed partial class GuardDutyRecordReader
{
    private static void ReadResource(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "resourceType":
                    b.ResourceType = JsonValues.String(ref reader);
                    break;
                case "instanceDetails":
                    ReadInstance(ref reader, b);
                    break;
                case "accessKeyDetails":
                    ReadAccessKey(ref reader, b);
                    break;
                case "s3BucketDetails":
                    if (IsArray(ref reader))
                    {
                        while (NextObject(ref reader))
                        {
                            ReadS3Bucket(ref reader, b);
                        }
                    }

                    break;
                case "eksClusterDetails":
                    ReadNamedResource(ref reader, b, "EksCluster", "name", "arn");
                    break;
                case "kubernetesDetails":
                    ReadKubernetes(ref reader, b);
                    break;
                case "ebsVolumeDetails":
                    ReadEbsVolumes(ref reader, b);
                    break;
                case "ecsClusterDetails":
                    ReadEcsCluster(ref reader, b);
                    break;
                case "containerDetails":
                    ReadContainer(ref reader, b);
                    break;
                case "lambdaDetails":
                    ReadNamedResource(ref reader, b, "LambdaFunction", "functionName", "functionArn");
                    break;
                case "rdsDbInstanceDetails":
                    ReadNamedResource(ref reader, b, "RdsDbInstance", "dbInstanceIdentifier", "dbInstanceArn");
                    break;
                case "rdsLimitlessDbDetails":
                    ReadNamedResource(ref reader, b, "RdsDbShardGroup", "dbShardGroupIdentifier", "dbShardGroupArn");
                    break;
                case "rdsDbUserDetails":
                    ReadNamedResource(ref reader, b, "RdsDbUser", "user", "");
                    break;
                default:
                    // A resource detail this version does not know (ebsSnapshotDetails, ec2ImageDetails, a new one):
                    // kept by kind and whatever id, name or ARN it carries.
                    if (name.EndsWith("Details", StringComparison.Ordinal) && reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadGenericResource(ref reader, b, AwsNames.PascalCase(name.ToString()));
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
            }
        }
    }

    private static void ReadInstance(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        string? id = null, image = null, type = null, zone = null, state = null;
        var interfaces = ImmutableArray.CreateBuilder<NetworkInterfaceInfo>();
        List<KeyValuePair<string, string>>? tags = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "instanceId":
                    id = JsonValues.String(ref reader);
                    break;
                case "imageId":
                    image = JsonValues.String(ref reader);
                    break;
                case "instanceType":
                    type = JsonValues.String(ref reader);
                    break;
                case "availabilityZone":
                    zone = JsonValues.String(ref reader);
                    break;
                case "instanceState":
                    state = JsonValues.String(ref reader);
                    break;
                case "networkInterfaces":
                    if (IsArray(ref reader))
                    {
                        while (NextObject(ref reader))
                        {
                            interfaces.Add(ReadNetworkInterface(ref reader));
                        }
                    }

                    break;
                case "tags":
                    tags = ReadTags(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (!string.IsNullOrWhiteSpace(id))
        {
            b.AddInstance(new InstanceInfo(id, image, type, zone, state, interfaces.DrainToImmutable(), FindingBuilder.Tags(tags)));
        }
    }

    private static NetworkInterfaceInfo ReadNetworkInterface(ref Utf8JsonReader reader)
    {
        string? id = null, subnet = null, vpc = null, privateIp = null, publicIp = null;
        List<string>? ipv6 = null;
        var groups = ImmutableArray.CreateBuilder<SecurityGroupRef>();
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "networkInterfaceId":
                    id = JsonValues.String(ref reader);
                    break;
                case "subnetId":
                    subnet = JsonValues.String(ref reader);
                    break;
                case "vpcId":
                    vpc = JsonValues.String(ref reader);
                    break;
                case "privateIpAddress":
                    privateIp = JsonValues.String(ref reader);
                    break;
                case "publicIp":
                    publicIp = JsonValues.String(ref reader);
                    break;
                case "ipv6Addresses":
                    ipv6 = ReadStrings(ref reader);
                    break;
                case "securityGroups":
                    if (IsArray(ref reader))
                    {
                        while (NextObject(ref reader))
                        {
                            if (ReadSecurityGroup(ref reader) is { } group)
                            {
                                groups.Add(group);
                            }
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new NetworkInterfaceInfo(id, subnet, vpc, privateIp, publicIp, ipv6 is null ? [] : [.. ipv6], groups.DrainToImmutable());
    }

    private static SecurityGroupRef? ReadSecurityGroup(ref Utf8JsonReader reader)
    {
        string? id = null, groupName = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "groupId":
                    id = JsonValues.String(ref reader);
                    break;
                case "groupName":
                    groupName = JsonValues.String(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return string.IsNullOrWhiteSpace(id) ? null : new SecurityGroupRef(id, groupName);
    }

    private static List<KeyValuePair<string, string>>? ReadTags(ref Utf8JsonReader reader)
    {
        if (!IsArray(ref reader))
        {
            return null;
        }

        List<KeyValuePair<string, string>>? tags = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (NextObject(ref reader))
        {
            string? key = null, value = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = buffer[..JsonKey.Read(ref reader, buffer)];
                reader.Read();
                switch (name)
                {
                    case "key":
                        key = JsonValues.String(ref reader);
                        break;
                    case "value":
                        value = JsonValues.String(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (key is not null)
            {
                (tags ??= []).Add(new(key, value ?? ""));
            }
        }

        return tags;
    }

    private static void ReadAccessKey(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        string? keyId = null, principal = null, user = null, userType = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "accessKeyId":
                    keyId = JsonValues.String(ref reader);
                    break;
                case "principalId":
                    principal = JsonValues.String(ref reader);
                    break;
                case "userName":
                    user = JsonValues.String(ref reader);
                    break;
                case "userType":
                    userType = JsonValues.String(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (keyId is not null || principal is not null || user is not null)
        {
            b.AddAccessKey(new AccessKeyInfo(keyId, principal, user, userType));
        }
    }

    private static void ReadS3Bucket(ref Utf8JsonReader reader, FindingBuilder b)
    {
        string? bucket = null, arn = null;
        List<(string? Arn, string? Key)>? objects = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "name":
                    bucket = JsonValues.String(ref reader);
                    break;
                case "arn":
                    arn = JsonValues.String(ref reader);
                    break;
                case "s3ObjectDetails":
                    if (IsArray(ref reader))
                    {
                        while (NextObject(ref reader))
                        {
                            var (objectArn, key, _) = ReadIdentity(ref reader, "objectArn", "key", "");
                            (objects ??= []).Add((objectArn, key));
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        b.AddResource("S3Bucket", bucket ?? AwsNames.LastSegment(arn), arn, bucket);
        foreach (var (objectArn, key) in objects ?? [])
        {
            b.AddResource("S3Object", key is null ? objectArn : $"{bucket}/{key}", objectArn, key);
        }
    }

    private static void ReadKubernetes(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            if (name is "kubernetesWorkloadDetails" && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadWorkload(ref reader, b);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadWorkload(ref Utf8JsonReader reader, FindingBuilder b)
    {
        string? workload = null, uid = null, ns = null, kind = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "name":
                    workload = JsonValues.String(ref reader);
                    break;
                case "uid":
                    uid = JsonValues.String(ref reader);
                    break;
                case "namespace":
                    ns = JsonValues.String(ref reader);
                    break;
                case "type":
                    kind = JsonValues.String(ref reader);
                    break;
                case "containers":
                    if (IsArray(ref reader))
                    {
                        while (NextObject(ref reader))
                        {
                            ReadContainer(ref reader, b);
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var qualified = workload is null ? null : ns is null ? workload : $"{ns}/{workload}";
        b.AddResource("KubernetesWorkload", uid ?? qualified, null, qualified is null || kind is null ? qualified : $"{kind} {qualified}");
    }

    private static void ReadContainer(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        string? id = null, containerName = null, image = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "id":
                    id = JsonValues.String(ref reader);
                    break;
                case "name":
                    containerName = JsonValues.String(ref reader);
                    break;
                case "image":
                    image = JsonValues.String(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        b.AddResource("Container", id ?? containerName, null, containerName is null ? image : image is null ? containerName : $"{containerName} ({image})");
    }

    private static void ReadEbsVolumes(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            if (name is "scannedVolumeDetails" && IsArray(ref reader))
            {
                while (NextObject(ref reader))
                {
                    var (arn, device, _) = ReadIdentity(ref reader, "volumeArn", "deviceName", "");
                    b.AddResource("EbsVolume", AwsNames.LastSegment(arn), arn, device);
                }
            }
            else if (name is not "scannedVolumeDetails")
            {
                reader.Skip();
            }
        }
    }

    private static void ReadEcsCluster(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        string? cluster = null, arn = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "name":
                    cluster = JsonValues.String(ref reader);
                    break;
                case "arn":
                    arn = JsonValues.String(ref reader);
                    break;
                case "taskDetails":
                    ReadEcsTask(ref reader, b);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        b.AddResource("EcsCluster", cluster ?? AwsNames.LastSegment(arn), arn, cluster);
    }

    private static void ReadEcsTask(ref Utf8JsonReader reader, FindingBuilder b)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        string? arn = null, definition = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            switch (name)
            {
                case "arn":
                    arn = JsonValues.String(ref reader);
                    break;
                case "definitionArn":
                    definition = JsonValues.String(ref reader);
                    break;
                case "containers":
                    if (IsArray(ref reader))
                    {
                        while (NextObject(ref reader))
                        {
                            ReadContainer(ref reader, b);
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        // The task definition's name and revision ("report-renderer:17") follow its last '/'.
        b.AddResource("EcsTask", AwsNames.LastSegment(arn), arn, definition is null ? null : definition[(definition.LastIndexOf('/') + 1)..]);
    }

    /// <summary>Reads an object and adds one resource of <paramref name="kind"/> from its name and ARN properties.</summary>
    private static void ReadNamedResource(ref Utf8JsonReader reader, FindingBuilder b, string kind, string nameProperty, string arnProperty)
    {
        if (!IsObject(ref reader))
        {
            return;
        }

        var (arn, id, _) = ReadIdentity(ref reader, arnProperty, nameProperty, "");
        b.AddResource(kind, id ?? AwsNames.LastSegment(arn), arn, id);
    }

    /// <summary>Reads the named string properties of an object (one of them may be empty to ignore), skipping the rest.</summary>
    private static (string? First, string? Second, string? Third) ReadIdentity(ref Utf8JsonReader reader, string first, string second, string third)
    {
        string? a = null, c = null, d = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            if (name.SequenceEqual(first))
            {
                a = JsonValues.String(ref reader);
            }
            else if (name.SequenceEqual(second))
            {
                c = JsonValues.String(ref reader);
            }
            else if (third.Length > 0 && name.SequenceEqual(third))
            {
                d = JsonValues.String(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return (a, c, d);
    }

    /// <summary>A resource detail this version has no mapping for: kind from its property name, id from what it carries.</summary>
    private static void ReadGenericResource(ref Utf8JsonReader reader, FindingBuilder b, string kind)
    {
        string? arn = null, id = null, resourceName = null;
        Span<char> buffer = stackalloc char[NameBuffer];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = buffer[..JsonKey.Read(ref reader, buffer)];
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }

            if (name is "arn" || name.EndsWith("Arn", StringComparison.Ordinal))
            {
                arn ??= reader.GetString();
            }
            else if (name is "id" or "uid" || name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("Identifier", StringComparison.Ordinal))
            {
                id ??= reader.GetString();
            }
            else if (name is "name" || name.EndsWith("Name", StringComparison.Ordinal))
            {
                resourceName ??= reader.GetString();
            }
        }

        b.AddResource(kind, id ?? resourceName ?? AwsNames.LastSegment(arn), arn, resourceName);
    }
}
