namespace CloudSniper.Core.Analytics;

/// <summary>How long a pair's connections add up to, in RITA's four bands.</summary>
public enum LongConnectionLevel
{
    /// <summary>At least the base threshold (RITA: 1 hour).</summary>
    Base,

    /// <summary>At least the low threshold (RITA: 4 hours).</summary>
    Low,

    /// <summary>At least the medium threshold (RITA: 8 hours).</summary>
    Medium,

    /// <summary>At least the high threshold (RITA: 12 hours).</summary>
    High,
}
