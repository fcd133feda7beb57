using System.Collections.Immutable;
using System.Text.Json;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Net;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>
/// Maps one AWS Security Finding Format (ASFF) finding. Findings GuardDuty forwarded through Security Hub keep
/// their GuardDuty type (rebuilt from <c>Types</c>) and severity, so rules written for GuardDuty still match.
/// </summary>
internal static class AsffMapper
{
    private static readonly HashSet<string> Tactics = new(StringComparer.OrdinalIgnoreCase)
    {
        "Reconnaissance", "Resource Development", "Initial Access", "Execution", "Persistence", "Privilege Escalation",
        "Defense Evasion", "Credential Access", "Discovery", "Lateral Movement", "Collection", "Command and Control",
        "Exfiltration", "Impact",
    };

    /// <summary>Maps a finding element; throws <see cref="RecordFormatException"/> when it is not a valid finding.</summary>
    public static Finding Map(JsonElement finding, string origin)
    {
        if (finding.ValueKind != JsonValueKind.Object)
        {
            throw JsonElements.WrongType("finding", "an ASFF finding object", finding);
        }

        var id = finding.StrictString("Id", "Id");
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new RecordFormatException("not an ASFF finding: missing \"Id\"");
        }

        var b = new FindingBuilder
        {
            Id = id,
            AccountId = finding.String("AwsAccountId"),
            Region = finding.String("Region"),
            Title = finding.String("Title"),
            Description = finding.String("Description"),
            CreatedAt = finding.StrictDate("CreatedAt", "CreatedAt"),
            UpdatedAt = finding.StrictDate("UpdatedAt", "UpdatedAt"),
            FirstSeen = finding.StrictDate("FirstObservedAt", "FirstObservedAt"),
            LastSeen = finding.StrictDate("LastObservedAt", "LastObservedAt"),
            Provider = finding.String("ProductName") ?? AwsNames.LastSegment(finding.String("ProductArn")),
            Archived = string.Equals(finding.String("RecordState"), "ARCHIVED", StringComparison.OrdinalIgnoreCase),
            IsSample = finding.Bool("Sample"),
            Partition = AwsNames.PartitionOf(finding.String("ProductArn")),
        };

        var confidence = finding.StrictNumber("Confidence", "Confidence");
        b.Confidence = confidence is { } c ? (int)Math.Clamp(c, 0, 100) : null;

        var productFields = finding.Object("ProductFields");
        var fromGuardDuty = IsGuardDuty(finding);
        var types = finding.Items("Types").Select(t => t.AsString()).OfType<string>().ToList();
        b.Type = (fromGuardDuty ? GuardDutyType(types) : null) ?? types.FirstOrDefault() ?? finding.String("GeneratorId") ?? "Unknown";
        if (!fromGuardDuty)
        {
            b.MitreTactic = TacticFromTypes(types);
        }

        b.Severity = SeverityOf(finding, fromGuardDuty);
        if (productFields is { } fields)
        {
            ReadProductFields(fields, b);
        }

        foreach (var resource in finding.Items("Resources"))
        {
            ReadResource(resource, b);
        }

        if (finding.Object("Action") is { } action)
        {
            ReadAction(action, b);
        }

        if (finding.Object("Network") is { } network)
        {
            ReadNetwork(network, b);
        }

        foreach (var indicator in finding.Items("ThreatIntelIndicators"))
        {
            var type = indicator.String("Type")?.ToUpperInvariant();
            if (type is "IPV4_ADDRESS" or "IPV6_ADDRESS" or "DOMAIN" or "URL")
            {
                b.AddIndicator(indicator.String("Value"));
            }
        }

        return b.Build(FindingSource.SecurityHub, finding.GetRawText(), origin);
    }

    private static bool IsGuardDuty(JsonElement finding) =>
        (finding.String("ProductArn") ?? "").EndsWith("/aws/guardduty", StringComparison.OrdinalIgnoreCase)
        || string.Equals(finding.String("ProductName"), "GuardDuty", StringComparison.OrdinalIgnoreCase);

    /// <summary>GuardDuty writes its type as the last segment of an ASFF type, with '/' turned into '-' (TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce).</summary>
    private static string? GuardDutyType(List<string> types)
    {
        foreach (var type in types)
        {
            var last = type[(type.LastIndexOf('/') + 1)..];
            var colon = last.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var dash = last.IndexOf('-', colon);
            return dash < 0 ? last : string.Concat(last.AsSpan(0, dash), "/", last.AsSpan(dash + 1));
        }

        return null;
    }

    private static string? TacticFromTypes(List<string> types)
    {
        foreach (var type in types)
        {
            var parts = type.Split('/');
            if (parts.Length >= 2 && string.Equals(parts[0], "TTPs", StringComparison.OrdinalIgnoreCase) && Tactics.Contains(parts[1]))
            {
                return Tactics.First(t => string.Equals(t, parts[1], StringComparison.OrdinalIgnoreCase));
            }
        }

        return null;
    }

    /// <summary>Severity on the 0–10 scale: GuardDuty's own score when forwarded, else Normalized/10 agreeing with Label, else Label.</summary>
    private static double SeverityOf(JsonElement finding, bool fromGuardDuty)
    {
        if (finding.Get("Severity") is not { } severity)
        {
            return 0;
        }

        if (severity.ValueKind != JsonValueKind.Object)
        {
            throw JsonElements.WrongType("Severity", "an object", severity);
        }

        var label = severity.StrictString("Label", "Severity.Label");
        var normalized = severity.StrictNumber("Normalized", "Severity.Normalized");
        var product = severity.StrictNumber("Product", "Severity.Product");
        if (normalized is < 0 or > 100)
        {
            throw new RecordFormatException($"Severity.Normalized: {normalized} is outside 0–100");
        }

        if (fromGuardDuty && product is >= 0 and <= 10)
        {
            return product.Value;
        }

        if (normalized is { } n)
        {
            var score = n / 10.0;
            if (label is null || Severity.BandOf(score) == Severity.BandOf(Severity.FromLabel(label)) || IsInformational(label))
            {
                return score;
            }
        }

        if (label is not null)
        {
            return Severity.FromLabel(label);
        }

        return product is >= 0 and <= 10 ? product.Value : 0;
    }

    private static bool IsInformational(string label) => string.Equals(label, "INFORMATIONAL", StringComparison.OrdinalIgnoreCase);

    private static void ReadProductFields(JsonElement fields, FindingBuilder b)
    {
        foreach (var field in fields.EnumerateObject())
        {
            var value = field.Value.AsString();
            if (value is null)
            {
                continue;
            }

            // GuardDuty flattens its service block into ProductFields ("aws/guardduty/service/count", …).
            if (field.Name.EndsWith("/service/count", StringComparison.Ordinal) && long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var count))
            {
                b.Count = count;
            }
            else if (field.Name.EndsWith("/additionalInfo/sample", StringComparison.Ordinal))
            {
                b.IsSample |= string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
            }
            else if (field.Name.EndsWith("/service/archived", StringComparison.Ordinal))
            {
                b.Archived |= string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private static void ReadResource(JsonElement resource, FindingBuilder b)
    {
        var type = resource.String("Type") ?? "Other";
        var id = resource.String("Id");
        b.Region ??= resource.String("Region");
        b.Partition ??= resource.String("Partition");
        var details = resource.Object("Details");
        switch (type)
        {
            case "AwsEc2Instance":
                var instanceId = AwsNames.LastSegment(id) ?? "";
                var ec2 = details?.Object("AwsEc2Instance");
                b.AddInstance(InstanceOf(instanceId, ec2, resource.Object("Tags")));
                break;
            case "AwsIamAccessKey":
                var key = details?.Object("AwsIamAccessKey");
                var keyId = key?.String("AccessKeyId") ?? (id is not null && id.Contains("AccessKey", StringComparison.Ordinal) ? AwsNames.LastSegment(id) : id);
                b.AddAccessKey(new AccessKeyInfo(
                    keyId,
                    key?.String("PrincipalId"),
                    key?.String("UserName") ?? key?.String("PrincipalName"),
                    key?.String("PrincipalType")));
                break;
            case "AwsS3Bucket":
                var bucket = details?.Object("AwsS3Bucket")?.String("Name") ?? AwsNames.LastSegment(id);
                b.AddResource("S3Bucket", bucket, id?.StartsWith("arn:", StringComparison.Ordinal) == true ? id : null, bucket);
                break;
            default:
                var (kind, name) = type switch
                {
                    "AwsEksCluster" => ("EksCluster", details?.Object("AwsEksCluster")?.String("Name")),
                    "AwsLambdaFunction" => ("LambdaFunction", details?.Object("AwsLambdaFunction")?.String("FunctionName")),
                    "AwsRdsDbInstance" => ("RdsDbInstance", details?.Object("AwsRdsDbInstance")?.String("DbInstanceIdentifier")),
                    "AwsEcsCluster" => ("EcsCluster", details?.Object("AwsEcsCluster")?.String("ClusterName")),
                    "AwsEcsTask" => ("EcsTask", (string?)null),
                    "Container" => ("Container", details?.Object("Container")?.String("Name")),
                    "AwsEc2NetworkInterface" => ("NetworkInterface", (string?)null),
                    "AwsEc2SecurityGroup" => ("SecurityGroup", details?.Object("AwsEc2SecurityGroup")?.String("GroupName")),
                    "AwsEc2Volume" => ("EbsVolume", (string?)null),
                    "AwsIamUser" => ("IamUser", details?.Object("AwsIamUser")?.String("UserName")),
                    "AwsIamRole" => ("IamRole", details?.Object("AwsIamRole")?.String("RoleName")),
                    _ => (type.StartsWith("Aws", StringComparison.Ordinal) && type.Length > 3 ? type[3..] : type, (string?)null),
                };
                var arn = id?.StartsWith("arn:", StringComparison.Ordinal) == true ? id : null;
                b.AddResource(kind, name ?? AwsNames.LastSegment(id), arn, name);
                break;
        }
    }

    private static InstanceInfo InstanceOf(string instanceId, JsonElement? details, JsonElement? tags)
    {
        string? privateIp = null, publicIp = null;
        foreach (var address in details?.Items("IpV4Addresses") ?? default)
        {
            var text = address.AsString();
            if (text is null)
            {
                continue;
            }

            if (IpClassifier.IsPublic(text))
            {
                publicIp ??= text;
            }
            else
            {
                privateIp ??= text;
            }
        }

        var ipv6 = (details?.Items("IpV6Addresses") ?? default).Select(a => a.AsString()).OfType<string>().ToImmutableArray();
        var subnet = details?.String("SubnetId");
        var vpc = details?.String("VpcId");
        var interfaces = ImmutableArray.CreateBuilder<NetworkInterfaceInfo>();
        foreach (var nic in details?.Items("NetworkInterfaces") ?? default)
        {
            var first = interfaces.Count == 0;
            interfaces.Add(new NetworkInterfaceInfo(nic.String("NetworkInterfaceId"), subnet, vpc, first ? privateIp : null, first ? publicIp : null, first ? ipv6 : [], []));
        }

        if (interfaces.Count == 0 && (subnet is not null || vpc is not null || privateIp is not null || publicIp is not null))
        {
            interfaces.Add(new NetworkInterfaceInfo(null, subnet, vpc, privateIp, publicIp, ipv6, []));
        }

        var pairs = new List<KeyValuePair<string, string>>();
        if (tags is { } map)
        {
            foreach (var tag in map.EnumerateObject())
            {
                pairs.Add(new(tag.Name, tag.Value.AsString() ?? ""));
            }
        }

        return new InstanceInfo(instanceId, details?.String("ImageId"), details?.String("Type"), null, null, interfaces.DrainToImmutable(), FindingBuilder.Tags(pairs));
    }

    private static void ReadAction(JsonElement action, FindingBuilder b)
    {
        b.Action = AwsNames.ActionKindOf(action.String("ActionType"));
        if (action.Object("NetworkConnectionAction") is { } connection)
        {
            b.InferredAction = ActionKind.NetworkConnection;
            RemoteOf(connection.Object("RemoteIpDetails")).AddTo(
                b,
                AwsNames.DirectionOf(connection.String("ConnectionDirection")),
                ActionKind.NetworkConnection,
                connection.Object("RemotePortDetails")?.Int("Port"),
                connection.Object("LocalPortDetails")?.Int("Port"),
                connection.String("Protocol"));
        }

        if (action.Object("AwsApiCallAction") is { } call)
        {
            b.InferredAction = ActionKind.AwsApiCall;
            if (call.String("Api") is { } api)
            {
                b.AddApiCall(new ApiCall(api, call.String("ServiceName"), call.String("CallerType"), null, null));
            }

            RemoteOf(call.Object("RemoteIpDetails")).AddTo(b, NetworkDirection.Inbound, ActionKind.AwsApiCall);
        }

        if (action.Object("DnsRequestAction") is { } dns)
        {
            b.InferredAction = ActionKind.DnsRequest;
            b.AddDomain(dns.String("Domain"));
        }

        if (action.Object("PortProbeAction") is { } probe)
        {
            b.InferredAction = ActionKind.PortProbe;
            foreach (var detail in probe.Items("PortProbeDetails"))
            {
                RemoteOf(detail.Object("RemoteIpDetails")).AddTo(b, NetworkDirection.Inbound, ActionKind.PortProbe, null, detail.Object("LocalPortDetails")?.Int("Port"));
            }
        }
    }

    private static RemoteIpDetails RemoteOf(JsonElement? details)
    {
        if (details is not { } d)
        {
            return default;
        }

        var organization = d.Object("Organization");
        var country = d.Object("Country");
        var asn = organization?.Number("Asn");
        return new RemoteIpDetails(
            d.String("IpAddressV4"),
            d.String("IpAddressV6"),
            asn is { } n ? (long)n : null,
            organization?.String("AsnOrg"),
            organization?.String("Org"),
            organization?.String("Isp"),
            country?.String("CountryName") ?? country?.String("CountryCode"),
            d.Object("City")?.String("CityName"));
    }

    private static void ReadNetwork(JsonElement network, FindingBuilder b)
    {
        var direction = AwsNames.DirectionOf(network.String("Direction"));
        var protocol = network.String("Protocol");
        var (remoteV4, remoteV6, remotePort, localPort, domain) = direction switch
        {
            NetworkDirection.Inbound => (network.String("SourceIpV4"), network.String("SourceIpV6"), network.Int("SourcePort"), network.Int("DestinationPort"), network.String("SourceDomain")),
            NetworkDirection.Outbound => (network.String("DestinationIpV4"), network.String("DestinationIpV6"), network.Int("DestinationPort"), network.Int("SourcePort"), network.String("DestinationDomain")),
            _ => (null, null, null, null, null),
        };

        if (remoteV4 is null && remoteV6 is null && domain is null)
        {
            return;
        }

        b.InferredAction = b.InferredAction == ActionKind.Unknown ? ActionKind.NetworkConnection : b.InferredAction;
        new RemoteIpDetails(remoteV4, remoteV6, null, null, null, null, null, null)
            .AddTo(b, direction, ActionKind.NetworkConnection, remotePort, localPort, protocol);
        b.AddDomain(domain);
    }
}
