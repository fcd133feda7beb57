namespace CloudSniper.Core.Analytics.Hunt;

/// <summary>An internal host that talked to a known indicator: when, how often, how many bytes.</summary>
public sealed record HuntSighting
{
    /// <summary>The internal host.</summary>
    public required string Src { get; init; }

    /// <summary>The indicator matched: an IP, or a CIDR from the feed.</summary>
    public required string Dst { get; init; }

    /// <summary>The indicator side's port.</summary>
    public required int DstPort { get; init; }

    /// <summary>The IANA protocol number.</summary>
    public required int Protocol { get; init; }

    /// <summary>outbound when the internal host opened the connections, inbound when the indicator did.</summary>
    public required string Direction { get; init; }

    /// <summary>The first contact.</summary>
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>The last contact.</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>Connections after joining the records of each 5-tuple.</summary>
    public required long Connections { get; init; }

    /// <summary>Bytes both ways.</summary>
    public required long Bytes { get; init; }

    /// <summary>Bytes the internal host sent.</summary>
    public long BytesOut { get; init; }

    /// <summary>Bytes the indicator sent.</summary>
    public long BytesIn { get; init; }

    /// <summary>Flow records behind the connections.</summary>
    public long Records { get; init; }

    /// <summary>Records the security groups or network ACLs rejected.</summary>
    public long Rejected { get; init; }

    /// <summary>The distinct addresses matched (more than one only for a CIDR indicator).</summary>
    public int Addresses { get; init; }
}
