namespace CloudSniper.Core.Net;

/// <summary>What kind of address an IP is; only <see cref="Public"/> may ever be blocked.</summary>
public enum IpClass
{
    Public,
    Private,
    Loopback,
    LinkLocal,
    CarrierGradeNat,
    Multicast,
    Documentation,
    Reserved,
    Unspecified,
    Broadcast,
}
