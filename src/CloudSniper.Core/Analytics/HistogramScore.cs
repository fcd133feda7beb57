namespace CloudSniper.Core.Analytics;

/// <summary>RITA's histogram test: connections per bin, non-empty bins, the longest run of non-empty bins and the score.</summary>
public sealed record HistogramScore(IReadOnlyList<int> Bins, int TotalBars, int LongestRun, double CoefficientOfVariationScore, double BimodalFitScore, double Score);
