using System.Security.Cryptography;
using System.Text;
using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>Builds the finding a feed entry becomes: source Feed, type <see cref="Type"/>, the indicators, a stable id.</summary>
internal static class FeedFindings
{
    /// <summary>The finding type of every feed entry.</summary>
    public const string Type = "ThreatIntel:Feed/Indicator";

    /// <summary>
    /// The severity given to feed entries: a feed asserts an indicator, not an incident, so it sits in the middle
    /// of the scale and playbooks decide on confidence instead.
    /// </summary>
    public const double DefaultSeverity = 5.0;

    /// <summary>The feed's name from the input's name: <c>feeds/blocklist.csv.gz</c> gives <c>blocklist</c>.</summary>
    public static string FeedName(string source)
    {
        var name = source.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }

        foreach (var extension in new[] { ".json", ".jsonl", ".csv", ".txt", ".stix", ".list" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^extension.Length];
            }
        }

        return name is "" or "-" ? "stdin" : name;
    }

    /// <summary>A stable id from the feed's name and its canonical values, so re-reading a feed finds the same entries.</summary>
    public static string IdFor(string feed, IEnumerable<string> values)
    {
        var canonical = string.Join('\n', values.Select(v => IocValue.TryNormalize(v, out var c, out _) ? c : v.Trim()).Order(StringComparer.Ordinal));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return $"feed:{feed}:{Convert.ToHexStringLower(hash.AsSpan(0, 8))}";
    }

    /// <summary>Creates the finding for one feed entry.</summary>
    public static Finding Create(FeedEntry entry) => new()
    {
        Id = entry.Id,
        Source = FindingSource.Feed,
        Type = FindingType.Parse(Type),
        Severity = DefaultSeverity,
        Title = entry.Title ?? $"{entry.Feed}: {string.Join(", ", entry.Indicators)}",
        Description = entry.Description,
        CreatedAt = entry.CreatedAt ?? entry.FirstSeen,
        UpdatedAt = entry.UpdatedAt ?? entry.LastSeen ?? entry.CreatedAt ?? entry.FirstSeen,
        FirstSeen = entry.FirstSeen ?? entry.CreatedAt,
        LastSeen = entry.LastSeen ?? entry.UpdatedAt ?? entry.FirstSeen ?? entry.CreatedAt,
        Indicators = [.. entry.Indicators],
        Confidence = entry.Confidence,
        Provider = entry.Feed,
        Raw = entry.Raw,
        Origin = entry.Origin,
    };
}
