namespace CloudSniper.Core.Response.Planning;

/// <summary>One address to block (canonical CIDR, <c>/32</c> or <c>/128</c> for a host) with its time to live.</summary>
public sealed record PlannedBlock(string Address, string FindingId, TimeSpan Ttl, DateTimeOffset ExpiresAt, int Offence)
{
    /// <summary>True when the address is an IPv6 block.</summary>
    public bool IsIPv6 => Address.Contains(':', StringComparison.Ordinal);
}
