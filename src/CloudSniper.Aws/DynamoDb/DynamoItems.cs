using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using Amazon.DynamoDBv2.Model;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Aws.DynamoDb;

/// <summary>
/// The single-table layout and the mapping between items and models. Keys: <c>FINDING#id/META</c>,
/// <c>IOC#value/META</c>, <c>IOC#value/SIGHTING#sourceId</c>, <c>INCIDENT#id/META</c>, <c>AUDIT#id/META</c>. The one
/// global index, GSI1, lists each kind in order: findings by type then first stored, indicators and incidents by last-seen
/// time, audit entries by time. Times are UTC ticks, as numbers and, inside sort keys, as 19-digit strings. Each
/// GSI1 partition holds one kind, which is the table's write hot spot at thousands of new items a second; sharding
/// GSI1PK (<c>IOC#0</c>…<c>IOC#n</c>, merged on read) is the step after that.
/// </summary>
internal static class DynamoItems
{
    public const string Pk = "PK";
    public const string Sk = "SK";
    public const string Gsi1 = "GSI1";
    public const string Gsi1Pk = "GSI1PK";
    public const string Gsi1Sk = "GSI1SK";
    public const string Meta = "META";
    public const string SightingPrefix = "SIGHTING#";
    public const string Ttl = "ttl";

    /// <summary>Raw documents above this many bytes are stored gzip-compressed, to stay under the 400 KB item limit.</summary>
    public const int CompressRawAbove = 100_000;

    public static Dictionary<string, AttributeValue> Key(string pk, string sk) => new() { [Pk] = S(pk), [Sk] = S(sk) };

    public static Dictionary<string, AttributeValue> FindingKey(string id) => Key("FINDING#" + id, Meta);

    public static Dictionary<string, AttributeValue> IocKey(string value) => Key("IOC#" + value, Meta);

    public static Dictionary<string, AttributeValue> SightingKey(string ioc, string sourceId) => Key("IOC#" + ioc, SightingPrefix + sourceId);

    public static Dictionary<string, AttributeValue> IncidentKey(string id) => Key("INCIDENT#" + id, Meta);

    public static Dictionary<string, AttributeValue> AuditKey(string id) => Key("AUDIT#" + id, Meta);

    /// <summary>A sort-key fragment that orders like the time: 19 zero-padded digits of UTC ticks.</summary>
    public static string SortableTime(long ticks) => ticks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>
    /// The GSI1 sort key of a finding: its type, then the order it was first stored in (a sortable time and its place
    /// in the batch), then its id; U+0001 ends the type so that it sorts before any longer type it prefixes.
    /// </summary>
    public static string FindingSortKey(string type, string order, string id) => type + "\u0001" + order + "#" + id;

    /// <summary>The order a finding is first stored in: the commit's time and its place in the batch.</summary>
    public static string StoredOrder(DateTimeOffset now, int place) => SortableTime(Ticks(now)) + place.ToString("D6", CultureInfo.InvariantCulture);

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue N(double value) => new() { N = value.ToString("R", CultureInfo.InvariantCulture) };

    public static AttributeValue SS(IEnumerable<string> values) => new() { SS = [.. values] };

    public static long Ticks(DateTimeOffset value) => value.UtcTicks;

    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    public static string? GetS(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) ? v.S : null;

    public static long GetLong(Dictionary<string, AttributeValue> item, string name, long fallback = 0) =>
        item.TryGetValue(name, out var v) && v.N is { } n ? long.Parse(n, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

    public static double GetDouble(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is { } n ? double.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture) : 0;

    public static int SetSize(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var v) && v.SS is { } ss ? ss.Count : 0;

    public static ImmutableArray<string> GetSet(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.SS is { } ss ? [.. ss.Order(StringComparer.Ordinal)] : [];

    public static Dictionary<string, AttributeValue> FindingItem(Finding finding, string order)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Pk] = S("FINDING#" + finding.Id),
            [Sk] = S(Meta),
            [Gsi1Pk] = S("FINDING"),
            [Gsi1Sk] = S(FindingSortKey(finding.Type.Raw, order, finding.Id)),
            ["order"] = S(order),
            ["id"] = S(finding.Id),
            ["updated"] = N(finding.UpdatedAt is { } u ? u.UtcTicks : -1),
            ["source"] = S(finding.Source.ToString()),
            ["type"] = S(finding.Type.Raw),
            ["severity"] = N(finding.Severity),
            ["doc"] = new AttributeValue { B = new MemoryStream(FindingJson.ToUtf8Bytes(finding with { Raw = "" })) },
        };
        if (finding.AccountId is not null)
        {
            item["accountId"] = S(finding.AccountId);
        }

        if (System.Text.Encoding.UTF8.GetByteCount(finding.Raw) > CompressRawAbove)
        {
            var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(System.Text.Encoding.UTF8.GetBytes(finding.Raw));
            }

            compressed.Position = 0;
            item["rawz"] = new AttributeValue { B = compressed };
        }
        else if (finding.Raw.Length > 0)
        {
            item["raw"] = S(finding.Raw);
        }

        return item;
    }

    public static Finding ToFinding(Dictionary<string, AttributeValue> item)
    {
        var finding = FindingJson.FromJson(item["doc"].B.ToArray());
        string raw;
        if (item.TryGetValue("rawz", out var z) && z.B is { } compressed)
        {
            compressed.Position = 0;
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
            raw = reader.ReadToEnd();
        }
        else
        {
            raw = GetS(item, "raw") ?? "";
        }

        return finding with { Raw = raw };
    }

    public static Ioc ToIoc(Dictionary<string, AttributeValue> item) => new()
    {
        Value = GetS(item, "value")!,
        Type = Enum.Parse<IocType>(GetS(item, "iocType")!),
        FirstSeen = Time(GetLong(item, "firstSeen")),
        LastSeen = Time(GetLong(item, "lastSeen")),
        Sightings = GetLong(item, "sightings"),
        Sources = GetSet(item, "sources"),
        FindingIds = GetSet(item, "findingIds"),
        Accounts = GetSet(item, "accounts"),
        Regions = GetSet(item, "regions"),
        Confidence = (int)GetLong(item, "confidence"),
        ExpiresAt = item.ContainsKey("expiresAt") ? Time(GetLong(item, "expiresAt")) : null,
        Description = GetS(item, "description"),
    };

    public static Sighting ToSighting(Dictionary<string, AttributeValue> item) => new(
        GetS(item, "iocValue")!,
        GetS(item, "sourceId")!,
        GetS(item, "source")!,
        GetS(item, "role")!,
        GetS(item, "accountId"),
        GetS(item, "region"),
        Time(GetLong(item, "firstSeen")),
        Time(GetLong(item, "lastSeen")),
        GetLong(item, "count"));

    public static Dictionary<string, AttributeValue> SightingItem(Sighting sighting)
    {
        var item = SightingKey(sighting.IocValue, sighting.SourceId);
        item["iocValue"] = S(sighting.IocValue);
        item["sourceId"] = S(sighting.SourceId);
        item["source"] = S(sighting.Source);
        item["role"] = S(sighting.Role);
        item["firstSeen"] = N(Ticks(sighting.FirstSeen));
        item["lastSeen"] = N(Ticks(sighting.LastSeen));
        item["count"] = N(sighting.Count);
        if (sighting.AccountId is not null)
        {
            item["accountId"] = S(sighting.AccountId);
        }

        if (sighting.Region is not null)
        {
            item["region"] = S(sighting.Region);
        }

        return item;
    }

    public static Incident ToIncident(Dictionary<string, AttributeValue> item) => new()
    {
        Id = GetS(item, "id")!,
        Kind = Enum.Parse<IncidentKind>(GetS(item, "incidentKind")!),
        Key = GetS(item, "key")!,
        FindingIds = GetSet(item, "findingIds"),
        Types = GetSet(item, "types"),
        MaxSeverity = GetDouble(item, "maxSeverity"),
        FirstSeen = Time(GetLong(item, "firstSeen")),
        LastSeen = Time(GetLong(item, "lastSeen")),
        AccountId = GetS(item, "accountId"),
        Region = GetS(item, "region"),
        Status = GetS(item, "status") ?? "open",
    };

    public static Dictionary<string, AttributeValue> AuditItem(AuditEntry entry)
    {
        var item = AuditKey(entry.Id);
        item[Gsi1Pk] = S("AUDIT");
        item[Gsi1Sk] = S(SortableTime(Ticks(entry.Time)) + "#" + entry.Id);
        item["id"] = S(entry.Id);
        item["time"] = N(Ticks(entry.Time));
        item["actor"] = S(entry.Actor);
        item["action"] = S(entry.Action);
        item["subject"] = S(entry.Subject);
        item["outcome"] = S(entry.Outcome);
        if (entry.Details.Length > 0)
        {
            item["details"] = S(entry.Details);
        }
        if (entry.FindingId is not null)
        {
            item["findingId"] = S(entry.FindingId);
        }

        return item;
    }

    public static AuditEntry ToAudit(Dictionary<string, AttributeValue> item) => new(
        GetS(item, "id")!,
        Time(GetLong(item, "time")),
        GetS(item, "actor")!,
        GetS(item, "action")!,
        GetS(item, "subject")!,
        GetS(item, "outcome")!,
        GetS(item, "findingId"),
        GetS(item, "details") ?? "");
}
