using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Core.Jobs;

/// <summary>The knowledge-base TTL job's choice: the indicators that are no longer active and can be removed.</summary>
public static class IndicatorExpiry
{
    /// <summary>
    /// The indicators of <paramref name="iocs"/> that are not active at <paramref name="now"/> by
    /// <see cref="KnowledgeBaseRules.IsActive"/>: past their explicit expiry, or (with a positive <paramref name="ttl"/>)
    /// last sighted <paramref name="ttl"/> or longer ago. With neither, nothing expires.
    /// </summary>
    public static IEnumerable<Ioc> Expired(IEnumerable<Ioc> iocs, DateTimeOffset now, TimeSpan? ttl) =>
        iocs.Where(ioc => !KnowledgeBaseRules.IsActive(ioc, now, ttl));
}
