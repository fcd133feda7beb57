namespace CloudSniper.Core.Dns;

/// <summary>
/// One Route 53 Resolver query log entry, with the fields AWS documents ("Values that appear in VPC Resolver query
/// logs"); the name is lower-case without its trailing dot.
/// </summary>
public sealed record ResolverQuery
{
    /// <summary>The log format version (1.1 and up).</summary>
    public string? Version { get; init; }

    /// <summary>The account that created the VPC.</summary>
    public string? AccountId { get; init; }

    /// <summary>The Region of the VPC.</summary>
    public string? Region { get; init; }

    /// <summary>The VPC the query came from.</summary>
    public string? VpcId { get; init; }

    /// <summary>When the query was submitted (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The name queried, lower-case, without the trailing dot.</summary>
    public required string Name { get; init; }

    /// <summary>The record type asked for (A, AAAA, TXT, …).</summary>
    public string Type { get; init; } = "";

    /// <summary>The query class (IN).</summary>
    public string? Class { get; init; }

    /// <summary>The DNS response code (NOERROR, NXDOMAIN, SERVFAIL, …).</summary>
    public string Rcode { get; init; } = "";

    /// <summary>The answers returned.</summary>
    public IReadOnlyList<ResolverAnswer> Answers { get; init; } = [];

    /// <summary>The address the query came from.</summary>
    public required string SrcAddr { get; init; }

    /// <summary>The source port of the query.</summary>
    public int? SrcPort { get; init; }

    /// <summary>The transport (UDP, TCP).</summary>
    public string? Transport { get; init; }

    /// <summary>The instance the query came from (<c>srcids.instance</c>).</summary>
    public string? InstanceId { get; init; }

    /// <summary>The inbound Resolver endpoint the query came through (<c>srcids.resolver_endpoint</c>).</summary>
    public string? ResolverEndpoint { get; init; }

    /// <summary>What DNS Firewall did (ALERT, BLOCK), when a rule matched.</summary>
    public string? FirewallRuleAction { get; init; }

    /// <summary>The DNS Firewall rule group whose rule matched.</summary>
    public string? FirewallRuleGroupId { get; init; }

    /// <summary>The DNS Firewall domain list that matched.</summary>
    public string? FirewallDomainListId { get; init; }
}
