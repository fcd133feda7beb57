using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudSniper.Aws.Signing;

/// <summary>The WAFv2 IP-set operations the response engine needs, over awsJson1.1 (shapes from the 2019-07-29 model).</summary>
public sealed class Wafv2Client(SignedAwsClient client)
{
    private const string Prefix = "AWSWAF_20190729";
    private int _updates;

    /// <summary>The region of the underlying client.</summary>
    public string Region => client.Region;

    /// <summary><c>UpdateIPSet</c> calls made (successful or not).</summary>
    public int UpdateCalls => _updates;

    /// <summary>Every IP set of a scope (follows <c>NextMarker</c>).</summary>
    public async Task<IReadOnlyList<WafIpSetSummary>> ListIpSetsAsync(string scope, CancellationToken cancellationToken)
    {
        var result = new List<WafIpSetSummary>();
        string? marker = null;
        do
        {
            var request = new JsonObject { ["Scope"] = scope, ["Limit"] = 100 };
            if (marker is not null)
            {
                request["NextMarker"] = marker;
            }

            var answer = await client.JsonAsync(Prefix, "ListIPSets", request, cancellationToken).ConfigureAwait(false);
            if (answer.TryGetProperty("IPSets", out var sets))
            {
                result.AddRange(sets.EnumerateArray().Select(Summary));
            }

            marker = answer.TryGetProperty("NextMarker", out var m) ? m.GetString() : null;
            if (marker is not null && (!answer.TryGetProperty("IPSets", out var page) || page.GetArrayLength() == 0))
            {
                break;
            }
        }
        while (marker is not null);

        return result;
    }

    /// <summary>Reads an IP set and its lock token.</summary>
    public async Task<WafIpSet> GetIpSetAsync(string name, string scope, string id, CancellationToken cancellationToken)
    {
        var answer = await client.JsonAsync(Prefix, "GetIPSet", new JsonObject { ["Name"] = name, ["Scope"] = scope, ["Id"] = id }, cancellationToken).ConfigureAwait(false);
        var set = answer.GetProperty("IPSet");
        var addresses = set.TryGetProperty("Addresses", out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
        return new WafIpSet(
            set.GetProperty("Name").GetString()!,
            set.GetProperty("Id").GetString()!,
            set.GetProperty("ARN").GetString()!,
            scope,
            set.GetProperty("IPAddressVersion").GetString()!,
            addresses,
            answer.GetProperty("LockToken").GetString()!);
    }

    /// <summary>Creates an IP set and returns its summary.</summary>
    public async Task<WafIpSetSummary> CreateIpSetAsync(string name, string scope, string ipAddressVersion, string description, IReadOnlyList<string> addresses, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["Name"] = name,
            ["Scope"] = scope,
            ["Description"] = description,
            ["IPAddressVersion"] = ipAddressVersion,
            ["Addresses"] = new JsonArray([.. addresses.Select(x => (JsonNode)JsonValue.Create(x)!)]),
        };
        if (tags.Count > 0)
        {
            request["Tags"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);
        }

        var answer = await client.JsonAsync(Prefix, "CreateIPSet", request, cancellationToken).ConfigureAwait(false);
        return Summary(answer.GetProperty("Summary"));
    }

    /// <summary>Replaces the addresses of an IP set; returns the next lock token.</summary>
    public async Task<string?> UpdateIpSetAsync(WafIpSet set, IReadOnlyList<string> addresses, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _updates);
        var request = new JsonObject
        {
            ["Name"] = set.Name,
            ["Scope"] = set.Scope,
            ["Id"] = set.Id,
            ["Addresses"] = new JsonArray([.. addresses.Select(x => (JsonNode)JsonValue.Create(x)!)]),
            ["LockToken"] = set.LockToken,
        };
        var answer = await client.JsonAsync(Prefix, "UpdateIPSet", request, cancellationToken).ConfigureAwait(false);
        return answer.TryGetProperty("NextLockToken", out var t) ? t.GetString() : null;
    }

    private static WafIpSetSummary Summary(JsonElement e) => new(
        e.GetProperty("Name").GetString()!,
        e.GetProperty("Id").GetString()!,
        e.GetProperty("ARN").GetString()!,
        e.TryGetProperty("LockToken", out var l) ? l.GetString() : null);
}
