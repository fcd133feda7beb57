using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics;

/// <summary>The scores of one pair: an internal source talking to an external destination on a port (or across its ports).</summary>
public sealed record Beacon
{
    /// <summary>The internal host.</summary>
    public required FlowAddress Src { get; init; }

    /// <summary>The external destination.</summary>
    public required FlowAddress Dst { get; init; }

    /// <summary>The destination port; for a pair scored across ports, its most used port.</summary>
    public required int DstPort { get; init; }

    /// <summary>The IANA protocol number; for a pair scored across ports, its most used protocol.</summary>
    public required int Protocol { get; init; }

    /// <summary>True for a (source, destination) pair scored over all its ports and protocols.</summary>
    public bool AcrossPorts { get; init; }

    /// <summary>The destination ports seen (one unless <see cref="AcrossPorts"/>).</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];

    /// <summary>The final score in [0, 1].</summary>
    public double Score { get; init; }

    /// <summary>True when the score reaches the threshold and the pair is not a strobe.</summary>
    public bool IsBeacon { get; init; }

    /// <summary>True when the pair made 86,400 connections or more in some 24 hours: reported, not scored.</summary>
    public bool IsStrobe { get; init; }

    /// <summary>RITA's score: the four sub-scores below, 0.25 each.</summary>
    public double RitaScore { get; init; }

    /// <summary>RITA's timestamp score: regularity of the gaps between connections.</summary>
    public double TimestampScore { get; init; }

    /// <summary>RITA's data-size score: regularity of the bytes the host sent per connection.</summary>
    public double DataSizeScore { get; init; }

    /// <summary>RITA's histogram score: how evenly connections spread over 24 bins of the window.</summary>
    public double HistogramScore { get; init; }

    /// <summary>RITA's duration score: coverage of the window or the longest run of active bins.</summary>
    public double DurationScore { get; init; }

    /// <summary>Regularity of the gaps against shuffled series (see <see cref="Periodicity"/>).</summary>
    public double PeriodicityScore { get; init; }

    /// <summary>1 for a destination one or two hosts talk to, falling to 0 as it nears the whole fleet.</summary>
    public double PrevalenceScore { get; init; }

    /// <summary>Internal hosts that talked to the destination.</summary>
    public int Prevalence { get; init; }

    /// <summary>Their share of all internal hosts seen.</summary>
    public double PrevalenceShare { get; init; }

    /// <summary>The estimated period in seconds.</summary>
    public double Period { get; init; }

    /// <summary>Connections after joining the records of each 5-tuple.</summary>
    public int Connections { get; init; }

    /// <summary>Unique connection start times.</summary>
    public int UniqueTimestamps { get; init; }

    /// <summary>Flow records behind the connections.</summary>
    public long Records { get; init; }

    /// <summary>Bytes the internal host sent.</summary>
    public long Bytes { get; init; }

    /// <summary>The first connection in the window.</summary>
    public DateTimeOffset FirstSeen { get; init; }

    /// <summary>The last connection in the window.</summary>
    public DateTimeOffset LastSeen { get; init; }

    /// <summary>The unique connection times (Unix seconds), kept for beacons only, for charts.</summary>
    public IReadOnlyList<uint> Timestamps { get; init; } = [];

    /// <summary>The registered domain of a DNS detection for the same source that resolved to the destination, when one raised the score.</summary>
    public string? DnsDomain { get; init; }
}
