using CloudSniper.Core.Iocs;
using CloudSniper.Core.Jobs;

namespace CloudSniper.Core.Tests.Jobs;

/// <summary>Which indicators the kb-ttl job removes: past their expiry, or unsighted for the TTL (both edges exclusive).</summary>
public sealed class IndicatorExpiryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static Ioc Ioc(string value, DateTimeOffset lastSeen, DateTimeOffset? expires = null) =>
        new() { Value = value, Type = IocType.Ipv4, FirstSeen = lastSeen, LastSeen = lastSeen, ExpiresAt = expires };

    [Fact]
    public void Expired_TakesThePastExpiryAndTheStale_AndKeepsTheRest()
    {
        var iocs = new[]
        {
            Ioc("198.51.100.1", Now.AddDays(-1)),
            Ioc("198.51.100.2", Now.AddDays(-1), expires: Now),
            Ioc("198.51.100.3", Now.AddDays(-90)),
            Ioc("198.51.100.4", Now.AddDays(-89)),
            Ioc("198.51.100.5", Now.AddDays(-1), expires: Now.AddSeconds(1)),
        };

        var expired = IndicatorExpiry.Expired(iocs, Now, TimeSpan.FromDays(90)).Select(i => i.Value);

        Assert.Equal(["198.51.100.2", "198.51.100.3"], expired);
    }

    [Fact]
    public void Expired_WithoutATtl_TakesOnlyThePastExpiry()
    {
        var iocs = new[] { Ioc("198.51.100.3", Now.AddYears(-3)), Ioc("198.51.100.2", Now, expires: Now.AddHours(-1)) };

        Assert.Equal(["198.51.100.2"], IndicatorExpiry.Expired(iocs, Now, null).Select(i => i.Value));
    }
}
