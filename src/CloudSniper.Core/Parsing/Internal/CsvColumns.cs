namespace CloudSniper.Core.Parsing.Internal;

/// <summary>Where each known column of a CSV feed is (-1 when absent), found from the header by common names.</summary>
internal sealed record CsvColumns(char Delimiter, IReadOnlyList<int> Values, int Type, int Description, int Confidence, int FirstSeen, int LastSeen)
{
    /// <summary>Names of columns that hold an indicator, in order of preference.</summary>
    public static readonly string[] ValueNames =
    [
        "indicator", "value", "ioc", "indicator_value", "observable", "ip", "ip_address", "ipaddress", "ipv4", "ipv6", "address",
        "src_ip", "dst_ip", "cidr", "network", "domain", "domain_name", "hostname", "host", "fqdn", "url", "uri",
    ];

    private static readonly string[] TypeNames = ["type", "indicator_type", "ioc_type", "kind"];

    private static readonly string[] DescriptionNames = ["description", "desc", "comment", "comments", "note", "notes", "threat", "malware", "reason", "tags"];

    private static readonly string[] ConfidenceNames = ["confidence", "score", "confidence_score"];

    private static readonly string[] FirstSeenNames = ["first_seen", "firstseen", "first_seen_utc", "date_added", "dateadded", "created", "date"];

    private static readonly string[] LastSeenNames = ["last_seen", "lastseen", "last_seen_utc", "last_online", "modified", "updated"];

    /// <summary>A header cell reduced to a comparable name: <c>"First Seen"</c> gives <c>first_seen</c>.</summary>
    public static string Normalize(string column) =>
        column.Trim().Trim('"', '\'', '#').Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    /// <summary>True when a header has at least one indicator column.</summary>
    public static bool HasValueColumn(IEnumerable<string> cells) => cells.Any(c => ValueNames.Contains(Normalize(c)));

    /// <summary>Finds the columns of a header line (a leading <c>#</c> is allowed).</summary>
    public static CsvColumns FromHeader(string header)
    {
        header = header.TrimStart('#').Trim();
        var delimiter = CsvFields.DetectDelimiter(header);
        var cells = new List<string>();
        CsvFields.TrySplit(header, delimiter, cells);
        var names = cells.Select(Normalize).ToList();
        int Find(string[] candidates) => candidates.Select(c => names.IndexOf(c)).FirstOrDefault(i => i >= 0, -1);
        var values = ValueNames.Select(c => names.IndexOf(c)).Where(i => i >= 0).Distinct().ToList();
        return new CsvColumns(delimiter, values, Find(TypeNames), Find(DescriptionNames), Find(ConfidenceNames), Find(FirstSeenNames), Find(LastSeenNames));
    }
}
