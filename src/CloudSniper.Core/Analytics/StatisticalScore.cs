namespace CloudSniper.Core.Analytics;

/// <summary>The result of RITA's statistical test on a series: Bowley skewness, median absolute deviation and their score.</summary>
public readonly record struct StatisticalScore(double Score, double Skew, double SkewScore, double Mad, double MadScore, double Q1, double Q2, double Q3);
