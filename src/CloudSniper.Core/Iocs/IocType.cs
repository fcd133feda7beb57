namespace CloudSniper.Core.Iocs;

/// <summary>The kind of an indicator of compromise.</summary>
public enum IocType
{
    Ipv4,
    Ipv6,
    Cidr,
    Domain,
    Url,
}
