using System.Collections.Immutable;
using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Tests.Response;

/// <summary>Builds normalised findings for response tests.</summary>
internal static class Findings
{
    public const string Account = "123456789012";
    public const string Region = "eu-west-1";

    public static InstanceInfo Instance(string id = "i-0abc1234567890def", string subnet = "subnet-0aaa", ImmutableDictionary<string, string>? tags = null) =>
        new(id, "ami-1", "t3.micro", Region + "a", "running",
            [new NetworkInterfaceInfo("eni-0" + id[^4..], subnet, "vpc-0aaa", "10.0.1.5", "54.0.0.1", [], [new SecurityGroupRef("sg-0web", "web")])],
            tags ?? ImmutableDictionary<string, string>.Empty);

    public static Finding PortProbe(string id, params string[] attackers) => new()
    {
        Id = id,
        Source = FindingSource.GuardDuty,
        Type = FindingType.Parse("Recon:EC2/PortProbeUnprotectedPort"),
        Severity = 2,
        AccountId = Account,
        Region = Region,
        ResourceType = "Instance",
        Instances = [Instance()],
        Action = ActionKind.PortProbe,
        RemoteIps = [.. attackers.Select(a => new RemoteIp(a, NetworkDirection.Inbound, ActionKind.PortProbe, LocalPort: 22))],
    };

    public static Finding Typed(string id, string type, double severity, params RemoteIp[] remotes) => new()
    {
        Id = id,
        Source = FindingSource.GuardDuty,
        Type = FindingType.Parse(type),
        Severity = severity,
        AccountId = Account,
        Region = Region,
        ResourceType = "Instance",
        Instances = [Instance()],
        RemoteIps = [.. remotes],
    };

    public static Finding Credentials(string id, string type, AccessKeyInfo key, params string[] callers) => new()
    {
        Id = id,
        Source = FindingSource.GuardDuty,
        Type = FindingType.Parse(type),
        Severity = 8,
        AccountId = Account,
        Region = Region,
        ResourceType = "AccessKey",
        AccessKeys = [key],
        Action = ActionKind.AwsApiCall,
        RemoteIps = [.. callers.Select(c => new RemoteIp(c, NetworkDirection.Unknown, ActionKind.AwsApiCall))],
    };

    public static RemoteIp Out(string address) => new(address, NetworkDirection.Outbound, ActionKind.NetworkConnection, 443);
}
