namespace CloudSniper.Core.Sigma;

/// <summary>A rule file that was not loaded, and why.</summary>
public sealed record SigmaSkippedRule(string Path, string? Title, string Reason);
