using CloudSniper.Core.Findings;
using CloudSniper.Core.Iocs;

namespace CloudSniper.Core.KnowledgeBase;

/// <summary>The rules every knowledge-base store applies the same way, kept in one place so the stores cannot drift.</summary>
public static class KnowledgeBaseRules
{
    /// <summary>
    /// How many finding ids an indicator or incident lists at most. A hot indicator is seen in millions of findings;
    /// without a cap one DynamoDB item would outgrow its 400 KB limit. Sighting counts and the sightings themselves
    /// stay exact; only the list is bounded. Past the cap SQLite lists the most recently seen findings and DynamoDB
    /// the first ones recorded.
    /// </summary>
    public const int MaxFindingIds = 1_000;

    /// <summary>The source name a finding's sightings are recorded under: the lower-case source (<c>guardduty</c>, <c>securityhub</c>, …).</summary>
    public static string SourceName(FindingSource source) => source switch
    {
        FindingSource.GuardDuty => "guardduty",
        FindingSource.SecurityHub => "securityhub",
        FindingSource.Inspector => "inspector",
        FindingSource.Analytics => "analytics",
        FindingSource.Feed => "feed",
        _ => source.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// When a finding saw its indicators: last seen is the finding's last-seen time, else its update time, else
    /// <paramref name="now"/>; first seen is its first-seen time when earlier than that, else the last-seen time.
    /// </summary>
    public static (DateTimeOffset First, DateTimeOffset Last) SeenWindow(Finding finding, DateTimeOffset now)
    {
        var last = finding.LastSeen ?? finding.UpdatedAt ?? now;
        var first = finding.FirstSeen is { } f && f < last ? f : last;
        return (first.ToUniversalTime(), last.ToUniversalTime());
    }

    /// <summary>Whether an incoming copy replaces the stored one: only a strictly newer update time wins; a missing time is the oldest.</summary>
    public static bool IsNewer(DateTimeOffset? incoming, DateTimeOffset? stored) =>
        incoming is { } i && (stored is not { } s || i > s);

    /// <summary>
    /// Whether an indicator is still active at <paramref name="now"/>: its explicit expiry, if any, is later than
    /// <paramref name="now"/>, and, when <paramref name="ttl"/> is positive, its last sighting plus <paramref name="ttl"/>
    /// is later than <paramref name="now"/>. Both edges are exclusive: at exactly the expiry, or exactly
    /// <paramref name="ttl"/> after the last sighting, the indicator has expired.
    /// </summary>
    public static bool IsActive(Ioc ioc, DateTimeOffset now, TimeSpan? ttl)
    {
        ArgumentNullException.ThrowIfNull(ioc);
        return (ioc.ExpiresAt is not { } expires || expires > now)
            && (StaleAtOrBefore(now, ttl) is not { } stale || ioc.LastSeen > stale);
    }

    /// <summary>
    /// The last-sighting time at or before which an indicator has gone stale at <paramref name="now"/>
    /// (<paramref name="now"/> minus <paramref name="ttl"/>), or null when <paramref name="ttl"/> is null or not positive.
    /// </summary>
    public static DateTimeOffset? StaleAtOrBefore(DateTimeOffset now, TimeSpan? ttl) =>
        ttl is { } t && t > TimeSpan.Zero ? now - t : null;

    /// <summary>The time-to-live for <c>iocTtlDays</c>: null for 0 (never expire).</summary>
    public static TimeSpan? IocTtl(int days) => days > 0 ? TimeSpan.FromDays(days) : null;
}
