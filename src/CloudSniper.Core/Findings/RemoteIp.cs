namespace CloudSniper.Core.Findings;

/// <summary>A remote address involved in a finding, with its direction, ports and network owner.</summary>
public sealed record RemoteIp(
    string Address,
    NetworkDirection Direction,
    ActionKind Action,
    int? RemotePort = null,
    int? LocalPort = null,
    string? Protocol = null,
    long? Asn = null,
    string? AsnOrg = null,
    string? Org = null,
    string? Isp = null,
    string? Country = null,
    string? City = null);
