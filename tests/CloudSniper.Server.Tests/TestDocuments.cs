using System.Text.Json;

namespace CloudSniper.Server.Tests;

/// <summary>Hand-written finding documents in GuardDuty's GetFindings shape, one JSON object a line.</summary>
public static class TestDocuments
{
    /// <summary>A GuardDuty port-probe finding from <paramref name="remoteIp"/> against an instance of <paramref name="account"/>.</summary>
    public static string GuardDuty(string id, string account, string title = "Port probe", double severity = 5, string remoteIp = "45.95.147.236", string updatedAt = "2026-11-30T10:00:00Z") =>
        JsonSerializer.Serialize(new
        {
            schemaVersion = "2.0",
            accountId = account,
            region = "us-east-1",
            id,
            arn = $"arn:aws:guardduty:us-east-1:{account}:detector/d1/finding/{id}",
            type = "Recon:EC2/PortProbeUnprotectedPort",
            title,
            severity,
            createdAt = "2026-11-30T10:00:00Z",
            updatedAt,
            resource = new { resourceType = "Instance", instanceDetails = new { instanceId = "i-0123456789abcdef0" } },
            service = new { action = new { actionType = "PORT_PROBE", portProbeAction = new { portProbeDetails = new[] { new { remoteIpDetails = new { ipAddressV4 = remoteIp } } } } } },
        });

    /// <summary>Lines joined as JSON lines.</summary>
    public static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";
}
