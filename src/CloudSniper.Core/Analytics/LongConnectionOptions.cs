namespace CloudSniper.Core.Analytics;

/// <summary>
/// Thresholds of the long-connection report, in seconds of connection time a (source, destination) pair adds up to.
/// The defaults are RITA's (<c>scoring.long_connection.score_thresholds</c> in its config.hjson: base 3,600, low
/// 14,400, medium 28,800, high 43,200, that is 1, 4, 8 and 12 hours of accumulated duration).
/// </summary>
public sealed record LongConnectionOptions
{
    /// <summary>From this total a pair is reported (base band).</summary>
    public long BaseSeconds { get; init; } = 3_600;

    /// <summary>From this total a pair is in the low band.</summary>
    public long LowSeconds { get; init; } = 14_400;

    /// <summary>From this total a pair is in the medium band.</summary>
    public long MediumSeconds { get; init; } = 28_800;

    /// <summary>From this total a pair is in the high band.</summary>
    public long HighSeconds { get; init; } = 43_200;

    /// <summary>The band of <paramref name="totalSeconds"/>, or null below the base threshold.</summary>
    public LongConnectionLevel? LevelOf(long totalSeconds) =>
        totalSeconds >= HighSeconds ? LongConnectionLevel.High
        : totalSeconds >= MediumSeconds ? LongConnectionLevel.Medium
        : totalSeconds >= LowSeconds ? LongConnectionLevel.Low
        : totalSeconds >= BaseSeconds ? LongConnectionLevel.Base
        : null;
}
