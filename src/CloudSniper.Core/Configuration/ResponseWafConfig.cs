namespace CloudSniper.Core.Configuration;

/// <summary>WAFv2 settings of the response.</summary>
public sealed record ResponseWafConfig
{
    /// <summary>IPv4 IP set name (created if absent) or ARN.</summary>
    public string Ipv4Set { get; init; } = "cloudsniper-blocked-ipv4";

    /// <summary>IPv6 IP set name (created if absent) or ARN.</summary>
    public string Ipv6Set { get; init; } = "cloudsniper-blocked-ipv6";

    /// <summary>Also block in CLOUDFRONT-scope sets in us-east-1.</summary>
    public bool CloudFront { get; init; }

    /// <summary>Addresses per IP set.</summary>
    public int MaxAddresses { get; init; } = 10_000;
}
