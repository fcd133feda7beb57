namespace CloudSniper.Core.Analytics;

/// <summary>The periodicity of a series: the estimated period, the share of regular gaps, the noise threshold for that count, and the score.</summary>
public readonly record struct PeriodicityScore(double Score, double Period, double RegularShare, double NoiseThreshold, int Gaps);
