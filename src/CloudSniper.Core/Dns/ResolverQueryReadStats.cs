namespace CloudSniper.Core.Dns;

/// <summary>What one read saw: lines, queries delivered and lines rejected.</summary>
public sealed record ResolverQueryReadStats(long Lines, long Queries, long Rejected);
