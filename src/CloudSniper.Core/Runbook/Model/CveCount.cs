namespace CloudSniper.Core.Runbook.Model;

/// <summary>A vulnerability id and how many findings name it.</summary>
public sealed record CveCount(string Cve, int Count, string? Severity);
