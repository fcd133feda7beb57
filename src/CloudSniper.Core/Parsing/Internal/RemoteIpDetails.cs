using CloudSniper.Core.Findings;

namespace CloudSniper.Core.Parsing.Internal;

/// <summary>What GuardDuty's <c>remoteIpDetails</c> (and ASFF's <c>RemoteIpDetails</c>) say about a remote address.</summary>
internal readonly record struct RemoteIpDetails(
    string? V4,
    string? V6,
    long? Asn,
    string? AsnOrg,
    string? Org,
    string? Isp,
    string? Country,
    string? City)
{
    /// <summary>Adds one remote entry per address present (IPv4 and/or IPv6).</summary>
    public void AddTo(FindingBuilder builder, NetworkDirection direction, ActionKind action, int? remotePort = null, int? localPort = null, string? protocol = null)
    {
        if (!string.IsNullOrWhiteSpace(V4))
        {
            builder.AddRemoteIp(new RemoteIp(V4.Trim(), direction, action, remotePort, localPort, protocol, Asn, AsnOrg, Org, Isp, Country, City));
        }

        if (!string.IsNullOrWhiteSpace(V6))
        {
            builder.AddRemoteIp(new RemoteIp(V6.Trim(), direction, action, remotePort, localPort, protocol, Asn, AsnOrg, Org, Isp, Country, City));
        }
    }
}
