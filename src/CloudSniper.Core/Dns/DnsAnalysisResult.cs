namespace CloudSniper.Core.Dns;

/// <summary>The detections of a DNS analysis, what was read, and the account and Region the first query named.</summary>
public sealed record DnsAnalysisResult(DnsReport Report, DnsReadCounters Counters, string? AccountId, string? Region);
