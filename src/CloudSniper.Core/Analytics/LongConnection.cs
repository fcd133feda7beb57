using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics;

/// <summary>A (source, destination) pair whose connections add up to hours: RITA's long connection.</summary>
public sealed record LongConnection
{
    /// <summary>The internal host.</summary>
    public required FlowAddress Src { get; init; }

    /// <summary>The external destination.</summary>
    public required FlowAddress Dst { get; init; }

    /// <summary>The destination ports and protocols seen, as <c>port/protocol number</c> pairs, most connection time first.</summary>
    public required IReadOnlyList<(int Port, int Protocol)> Ports { get; init; }

    /// <summary>Connection time added up over the pair's connections (records of one 5-tuple joined first).</summary>
    public required long TotalSeconds { get; init; }

    /// <summary>The longest single connection.</summary>
    public required long LongestSeconds { get; init; }

    /// <summary>Connections after joining.</summary>
    public required int Connections { get; init; }

    /// <summary>Bytes sent by the internal side over them.</summary>
    public long Bytes { get; init; }

    /// <summary>The band of <see cref="TotalSeconds"/>.</summary>
    public required LongConnectionLevel Level { get; init; }

    /// <summary>The first connection's start.</summary>
    public DateTimeOffset FirstSeen { get; init; }

    /// <summary>The last connection's end.</summary>
    public DateTimeOffset LastSeen { get; init; }
}
