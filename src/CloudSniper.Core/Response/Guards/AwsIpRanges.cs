using System.Globalization;
using System.Text.Json;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response.Internal;

namespace CloudSniper.Core.Response.Guards;

/// <summary>
/// AWS's published service address ranges (the <c>ip-ranges.json</c> document): addresses inside them belong to
/// AWS services shared by every customer and are never blocked.
/// </summary>
public sealed class AwsIpRanges
{
    private readonly IpRangeSet _set;

    private AwsIpRanges(IpRangeSet set, string? syncToken, string? createDate, int prefixes)
    {
        _set = set;
        SyncToken = syncToken;
        CreateDate = createDate;
        PrefixCount = prefixes;
    }

    /// <summary>An empty list (nothing is an AWS range).</summary>
    public static AwsIpRanges Empty { get; } = new(IpRangeSet.Empty, null, null, 0);

    /// <summary>The document's <c>syncToken</c>.</summary>
    public string? SyncToken { get; }

    /// <summary>The document's <c>createDate</c> (<c>yyyy-MM-dd-HH-mm-ss</c>).</summary>
    public string? CreateDate { get; }

    /// <summary>Number of IPv4 and IPv6 prefixes read.</summary>
    public int PrefixCount { get; }

    /// <summary>The name of the bundled snapshot resource inside the Core assembly.</summary>
    public const string BundledResourceName = "CloudSniper.Core.Response.aws-ip-ranges.json";

    /// <summary>The AWS range containing <paramref name="network"/> as <c>service region prefix</c>, or null.</summary>
    public string? Find(IpNetwork network) => _set.FindOverlapping(network);

    /// <summary>Reads an <c>ip-ranges.json</c> document; throws <see cref="FormatException"/> naming the problem.</summary>
    public static AwsIpRanges Parse(Stream json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not an ip-ranges.json document: {ex.Message}", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("prefixes", out var prefixes) || prefixes.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("not an ip-ranges.json document: no 'prefixes' array");
            }

            var blocks = new List<(IpNetwork, string)>();
            Read(prefixes, "ip_prefix", blocks);
            if (root.TryGetProperty("ipv6_prefixes", out var v6) && v6.ValueKind == JsonValueKind.Array)
            {
                Read(v6, "ipv6_prefix", blocks);
            }

            var token = root.TryGetProperty("syncToken", out var t) ? t.ToString() : null;
            var created = root.TryGetProperty("createDate", out var c) ? c.GetString() : null;
            return new AwsIpRanges(IpRangeSet.Create(blocks), token, created, blocks.Count);
        }
    }

    /// <summary>The snapshot bundled with the tool.</summary>
    public static AwsIpRanges LoadBundled()
    {
        using var stream = typeof(AwsIpRanges).Assembly.GetManifestResourceStream(BundledResourceName)
            ?? throw new InvalidOperationException("the bundled AWS ip-ranges snapshot is missing from the assembly");
        return Parse(stream);
    }

    private static void Read(JsonElement array, string field, List<(IpNetwork, string)> blocks)
    {
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            index++;
            if (!item.TryGetProperty(field, out var p) || !IpNetwork.TryParse(p.GetString(), out var network))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"entry {index} of '{field}' list has no valid '{field}'"));
            }

            var service = item.TryGetProperty("service", out var s) ? s.GetString() : null;
            var region = item.TryGetProperty("region", out var r) ? r.GetString() : null;
            blocks.Add((network.Value, $"{service ?? "AMAZON"} {region ?? "GLOBAL"} {network.Value}"));
        }
    }
}
