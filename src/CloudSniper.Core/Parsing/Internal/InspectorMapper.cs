using System.Collections.Immutable;
using System.Text.Json;
using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>Maps one Amazon Inspector (v2) finding: vulnerabilities and network reachability of EC2, ECR, Lambda and code.</summary>
internal static class InspectorMapper
{
    /// <summary>Maps a finding element; throws <see cref="RecordFormatException"/> when it is not a valid finding.</summary>
    public static Finding Map(JsonElement finding, string origin)
    {
        if (finding.ValueKind != JsonValueKind.Object)
        {
            throw JsonElements.WrongType("finding", "an Inspector finding object", finding);
        }

        var arn = finding.StrictString("findingArn", "findingArn");
        if (string.IsNullOrWhiteSpace(arn))
        {
            throw new RecordFormatException("not an Inspector finding: missing \"findingArn\"");
        }

        var label = finding.StrictString("severity", "severity");
        var score = finding.StrictNumber("inspectorScore", "inspectorScore");
        var status = finding.String("status");
        var b = new FindingBuilder
        {
            Id = arn,
            Type = finding.String("type") ?? "Inspector",
            AccountId = finding.String("awsAccountId"),
            Partition = AwsNames.PartitionOf(arn),
            Region = RegionOf(arn),
            Title = finding.String("title"),
            Description = finding.String("description"),
            Severity = score is >= 0 and <= 10 ? score.Value : Severity.FromLabel(label),
            FirstSeen = finding.StrictDate("firstObservedAt", "firstObservedAt"),
            LastSeen = finding.StrictDate("lastObservedAt", "lastObservedAt"),
            UpdatedAt = finding.StrictDate("updatedAt", "updatedAt"),
            Archived = status is "SUPPRESSED" or "CLOSED",
            Provider = "Inspector",
        };
        b.CreatedAt = b.FirstSeen;

        foreach (var resource in finding.Items("resources"))
        {
            var type = resource.String("type");
            var id = resource.String("id");
            b.Region ??= resource.String("region");
            b.ResourceType ??= type;
            var details = resource.Object("details");
            switch (type)
            {
                case "AWS_EC2_INSTANCE":
                    b.AddInstance(InstanceOf(AwsNames.LastSegment(id) ?? "", details?.Object("awsEc2Instance"), resource.Object("tags")));
                    break;
                case "AWS_LAMBDA_FUNCTION":
                    var function = details?.Object("awsLambdaFunction")?.String("functionName");
                    b.AddResource("LambdaFunction", function ?? AwsNames.LastSegment(id), id, function);
                    break;
                case "AWS_ECR_CONTAINER_IMAGE":
                    var image = details?.Object("awsEcrContainerImage");
                    b.AddResource("EcrImage", id, id, image?.String("repositoryName"));
                    break;
                case "AWS_ECR_REPOSITORY":
                    b.AddResource("EcrRepository", AwsNames.LastSegment(id), id);
                    break;
                default:
                    b.AddResource(type is null ? "Resource" : AwsNames.PascalCase(type), id);
                    break;
            }
        }

        return b.Build(FindingSource.Inspector, finding.GetRawText(), origin);
    }

    private static string? RegionOf(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length > 3 && parts[3].Length > 0 ? parts[3] : null;
    }

    private static InstanceInfo InstanceOf(string instanceId, JsonElement? details, JsonElement? tags)
    {
        var privateIp = (details?.Items("ipV4Addresses") ?? default).Select(a => a.AsString()).FirstOrDefault(a => a is not null && !Net.IpClassifier.IsPublic(a));
        var publicIp = (details?.Items("ipV4Addresses") ?? default).Select(a => a.AsString()).FirstOrDefault(a => a is not null && Net.IpClassifier.IsPublic(a));
        var ipv6 = (details?.Items("ipV6Addresses") ?? default).Select(a => a.AsString()).OfType<string>().ToImmutableArray();
        var subnet = details?.String("subnetId");
        var vpc = details?.String("vpcId");
        ImmutableArray<NetworkInterfaceInfo> interfaces = subnet is null && vpc is null && privateIp is null && publicIp is null
            ? []
            : [new NetworkInterfaceInfo(null, subnet, vpc, privateIp, publicIp, ipv6, [])];
        var pairs = new List<KeyValuePair<string, string>>();
        if (tags is { } map)
        {
            foreach (var tag in map.EnumerateObject())
            {
                pairs.Add(new(tag.Name, tag.Value.AsString() ?? ""));
            }
        }

        return new InstanceInfo(instanceId, details?.String("imageId"), details?.String("type"), null, null, interfaces, FindingBuilder.Tags(pairs));
    }
}
