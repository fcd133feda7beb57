namespace CloudSniper.Core.Runbook.Model;

/// <summary>A run of access-denied errors for one principal inside the burst window.</summary>
public sealed record AccessDeniedBurst(string Principal, DateTimeOffset Start, DateTimeOffset End, long Count, IReadOnlyDictionary<string, long> EventNames);
