using System.Collections.Immutable;
using System.Text.Json;

namespace CloudSniper.Core.Response.Owners;

/// <summary>
/// Reads CloudTrail create events (as EventBridge "AWS API Call via CloudTrail" envelopes or bare records) and
/// names the resources they created and their creator, for automatic owner tagging.
/// </summary>
public static class CloudTrailOwnerEvents
{
    /// <summary>The EventBridge detail type of CloudTrail API-call events.</summary>
    public const string DetailType = "AWS API Call via CloudTrail";

    /// <summary>The create events understood, with where their response names the new resource ids.</summary>
    public static IReadOnlyDictionary<string, string[]> IdPaths { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["RunInstances"] = ["instancesSet.items[].instanceId"],
        ["CreateVolume"] = ["volumeId"],
        ["CreateSnapshot"] = ["snapshotId"],
        ["CreateSnapshots"] = ["snapshotSet.items[].snapshotId"],
        ["CreateImage"] = ["imageId"],
        ["CopyImage"] = ["imageId"],
        ["RegisterImage"] = ["imageId"],
        ["CopySnapshot"] = ["snapshotId"],
        ["CreateSecurityGroup"] = ["groupId"],
        ["CreateVpc"] = ["vpc.vpcId"],
        ["CreateSubnet"] = ["subnet.subnetId"],
        ["CreateNetworkInterface"] = ["networkInterface.networkInterfaceId"],
        ["CreateInternetGateway"] = ["internetGateway.internetGatewayId"],
        ["CreateRouteTable"] = ["routeTable.routeTableId"],
        ["CreateNetworkAcl"] = ["networkAcl.networkAclId"],
        ["AllocateAddress"] = ["allocationId"],
    };

    /// <summary>
    /// The owner-tag request of one event, or null (with <paramref name="reason"/>) when it is not a successful
    /// create event this tool understands.
    /// </summary>
    public static OwnerTagRequest? Read(JsonElement document, out string? reason)
    {
        var record = document;
        if (document.TryGetProperty("detail-type", out var dt))
        {
            if (dt.GetString() != DetailType || !document.TryGetProperty("detail", out record))
            {
                reason = $"not a '{DetailType}' event";
                return null;
            }
        }

        var name = Text(record, "eventName");
        if (name is null || !IdPaths.TryGetValue(name, out var paths))
        {
            reason = $"'{name}' is not a create event that owner tagging understands";
            return null;
        }

        if (Text(record, "errorCode") is { } error)
        {
            reason = $"the call failed ({error}); nothing was created";
            return null;
        }

        if (!record.TryGetProperty("responseElements", out var response) || response.ValueKind != JsonValueKind.Object)
        {
            reason = "the event has no response elements";
            return null;
        }

        var ids = ImmutableArray.CreateBuilder<string>();
        foreach (var path in paths)
        {
            Collect(response, path.Split('.'), 0, ids);
        }

        var account = Text(record, "recipientAccountId") ?? (record.TryGetProperty("userIdentity", out var ui0) ? Text(ui0, "accountId") : null);
        var region = Text(record, "awsRegion");
        if (ids.Count == 0 || account is null || region is null || !record.TryGetProperty("userIdentity", out var identity))
        {
            reason = "the event does not name the created resource, the account, the region or the caller";
            return null;
        }

        var principal = Text(identity, "principalId") ?? Text(identity, "arn") ?? "unknown";
        reason = null;
        return new OwnerTagRequest(Text(record, "eventID") ?? principal + ":" + name, name, account, region, OwnerName(identity), principal, ids.ToImmutable());
    }

    /// <summary>A readable creator name: the IAM user, <c>role/session</c> for an assumed role, <c>root</c>, or the ARN.</summary>
    public static string OwnerName(JsonElement identity)
    {
        var type = Text(identity, "type");
        var arn = Text(identity, "arn");
        switch (type)
        {
            case "IAMUser" when Text(identity, "userName") is { } user:
                return user;
            case "Root":
                return "root";
            case "AssumedRole" when arn is not null:
                var parts = arn.Split('/');
                return parts.Length >= 3 ? parts[^2] + "/" + parts[^1] : arn;
            default:
                return arn ?? Text(identity, "principalId") ?? "unknown";
        }
    }

    private static void Collect(JsonElement element, string[] path, int index, ImmutableArray<string>.Builder ids)
    {
        if (index == path.Length)
        {
            if (element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } id && !ids.Contains(id))
            {
                ids.Add(id);
            }

            return;
        }

        var segment = path[index];
        var isArray = segment.EndsWith("[]", StringComparison.Ordinal);
        var name = isArray ? segment[..^2] : segment;
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var child))
        {
            return;
        }

        if (isArray && child.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in child.EnumerateArray())
            {
                Collect(item, path, index + 1, ids);
            }
        }
        else if (!isArray)
        {
            Collect(child, path, index + 1, ids);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
