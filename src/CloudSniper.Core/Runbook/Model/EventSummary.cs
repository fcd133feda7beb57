namespace CloudSniper.Core.Runbook.Model;

/// <summary>One API action (event source and name) with how often it was called, by whom, from which user agents and addresses.</summary>
public sealed record EventSummary(
    string EventSource,
    string EventName,
    long Count,
    long Errors,
    IReadOnlyDictionary<string, long> Principals,
    IReadOnlyDictionary<string, long> UserAgents,
    IReadOnlyDictionary<string, long> SourceIps);
