using System.Collections.Immutable;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Testing;

/// <summary>Builds findings with their IOC observations for store tests and measurements.</summary>
public static class TestFindings
{
    /// <summary>The fixed instant test data is anchored on.</summary>
    public static DateTimeOffset T0 { get; } = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A GuardDuty-like EC2 finding against <paramref name="instanceId"/> from the given attacker addresses, each an
    /// IOC observation with confidence <paramref name="confidence"/>.
    /// </summary>
    public static FindingWithIocs GuardDuty(
        string id,
        DateTimeOffset? updatedAt,
        string[] attackers,
        string type = "UnauthorizedAccess:EC2/SSHBruteForce",
        string instanceId = "i-0a1b2c3d4e5f00001",
        string accountId = "111122223333",
        string region = "us-east-1",
        double severity = 5.0,
        long count = 1,
        int confidence = 80,
        bool isSample = false,
        FindingSource source = FindingSource.GuardDuty)
    {
        var finding = new Finding
        {
            Id = id,
            Source = source,
            Type = FindingType.Parse(type),
            Severity = severity,
            AccountId = accountId,
            Region = region,
            Partition = "aws",
            Title = $"{type} against {instanceId}",
            CreatedAt = updatedAt?.AddHours(-1),
            UpdatedAt = updatedAt,
            FirstSeen = updatedAt?.AddHours(-1),
            LastSeen = updatedAt,
            Count = count,
            ResourceType = "Instance",
            Resources = [new ResourceRef("Instance", instanceId)],
            Action = ActionKind.NetworkConnection,
            RemoteIps = [.. attackers.Select(a => new RemoteIp(a, NetworkDirection.Inbound, ActionKind.NetworkConnection, RemotePort: 40000, LocalPort: 22, Protocol: "TCP"))],
            MitreTactic = MitreTactics.FromThreatPurpose(FindingType.Parse(type).ThreatPurpose),
            IsSample = isSample,
            Raw = $$"""{"id":"{{id}}","type":"{{type}}","updatedAt":"{{updatedAt:O}}"}""",
        };
        var iocs = isSample
            ? []
            : attackers.Select(a => new IocObservation(a, a.Contains(':', StringComparison.Ordinal) ? IocType.Ipv6 : IocType.Ipv4, IocRole.Attacker, confidence)).ToArray();
        return new FindingWithIocs(finding, iocs);
    }

    /// <summary>A finding with every field of the model set, including nested resources, tags and a raw document with escapes.</summary>
    public static Finding Rich(string id = "rich-0001") => new()
    {
        Id = id,
        Source = FindingSource.GuardDuty,
        Type = FindingType.Parse("Backdoor:EC2/C&CActivity.B!DNS"),
        Severity = 8.3,
        AccountId = "123456789012",
        Region = "eu-west-1",
        Partition = "aws",
        Title = "EC2 instance i-99 is querying a domain name associated with a known C&C server — \"é\" ✓",
        Description = "Line one\nLine two\ttabbed",
        CreatedAt = new DateTimeOffset(2025, 2, 27, 8, 15, 30, 123, TimeSpan.Zero).AddTicks(4567),
        UpdatedAt = new DateTimeOffset(2025, 2, 28, 9, 0, 0, TimeSpan.FromHours(2)),
        FirstSeen = new DateTimeOffset(2025, 2, 27, 8, 15, 30, TimeSpan.Zero),
        LastSeen = new DateTimeOffset(2025, 2, 28, 6, 59, 59, 999, TimeSpan.Zero),
        Count = 42,
        ResourceType = "Instance",
        Instances =
        [
            new InstanceInfo(
                "i-99",
                "ami-0123",
                "t3.micro",
                "eu-west-1a",
                "running",
                [
                    new NetworkInterfaceInfo("eni-1", "subnet-1", "vpc-1", "10.0.0.5", "54.1.2.3", ["2001:db8::5"], [new SecurityGroupRef("sg-1", "web"), new SecurityGroupRef("sg-2", null)]),
                    new NetworkInterfaceInfo("eni-2", "subnet-2", "vpc-1", "10.0.1.5", null, [], []),
                ],
                ImmutableDictionary<string, string>.Empty.Add("Name", "web-1").Add("env", "prod")),
        ],
        AccessKeys = [new AccessKeyInfo("AKIAEXAMPLE", "AIDAEXAMPLE", "alice", "IAMUser")],
        Resources = [new ResourceRef("Instance", "i-99", "arn:aws:ec2:eu-west-1:123456789012:instance/i-99", "web-1"), new ResourceRef("AccessKey", "AKIAEXAMPLE")],
        Action = ActionKind.DnsRequest,
        RemoteIps = [new RemoteIp("198.51.100.7", NetworkDirection.Outbound, ActionKind.NetworkConnection, 443, 51515, "TCP", 64500, "Example AS", "Example Org", "Example ISP", "NL", "Amsterdam")],
        Domains = ["evil.example.com"],
        UserAgents = ["curl/8.0"],
        ApiCalls = [new ApiCall("GetCallerIdentity", "sts.amazonaws.com", "Remote IP", null, "aws-cli/2")],
        Indicators = ["203.0.113.0/24"],
        MitreTactic = "Command and Control",
        IsSample = false,
        Archived = true,
        Raw = "{\"id\":\"rich-0001\",\"nested\":{\"quote\":\"\\\"\",\"unicode\":\"\\u00e9\"}}",
        Origin = "samples/guardduty/rich.json:1",
    };
}
