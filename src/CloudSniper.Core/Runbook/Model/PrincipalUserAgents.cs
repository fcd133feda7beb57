namespace CloudSniper.Core.Runbook.Model;

/// <summary>A principal's calls by user-agent family, and which families are its usual (programmatic) ones.</summary>
public sealed record PrincipalUserAgents(string Principal, string PrincipalType, long Calls, IReadOnlyDictionary<string, long> Families, IReadOnlyList<string> UsualFamilies);
