namespace CloudSniper.Core.Analytics;

/// <summary>How pairs are scored and which are reported.</summary>
public sealed record BeaconOptions
{
    /// <summary>The score from which a pair is judged a beacon. Chosen on the synthetic data: planted beacons with 24 beats or more score 0.7 and up, the best benign pair about 0.45, fleet agents near 0.</summary>
    public const double DefaultThreshold = 0.65;

    /// <summary>
    /// Two 60 s aggregation windows: an idle flow that sends one keep-alive a window has records up to that far apart.
    /// </summary>
    public const int DefaultJoinGapSeconds = 120;

    /// <summary>
    /// Two 600 s aggregation windows, the longest AWS logs with: an idle TCP connection has records up to that far
    /// apart.
    /// </summary>
    public const int DefaultTcpJoinGapSeconds = 1200;

    /// <summary>The score from which a pair is reported as a beacon.</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    /// <summary>Destinations never scored or reported (allow-listed CIDRs, AWS service ranges).</summary>
    public NetworkSet? Allow { get; init; }

    /// <summary>Start of the analysed window; default the first record's start.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>End of the analysed window; default the last record's start.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The longest window analysed: older connections are left out.</summary>
    public TimeSpan MaxWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Records of one UDP (or other non-TCP) 5-tuple that start within this many seconds of the previous record's end
    /// are one flow: the consecutive aggregation windows of a long-lived flow, busy (each record spans its window, up
    /// to 600 s) or idle but for one packet per 60 s window. It is kept short because an implant that keeps one UDP
    /// socket beats on one 5-tuple: beating more often than this, it is seen as one long flow.
    /// </summary>
    public int JoinGapSeconds { get; init; } = DefaultJoinGapSeconds;

    /// <summary>
    /// Records of one TCP 5-tuple that start within this many seconds of the previous record's end are one connection:
    /// an idle connection logged in 600 s windows, with a keep-alive or two in each, has records up to two windows
    /// apart, which would otherwise look like a perfect 600 s beacon. A new TCP connection takes a new source port,
    /// and the same port comes back for the same destination only after thousands of connections.
    /// </summary>
    public int TcpJoinGapSeconds { get; init; } = DefaultTcpJoinGapSeconds;

    /// <summary>The join gap for <paramref name="protocol"/>: <see cref="TcpJoinGapSeconds"/> for TCP, else <see cref="JoinGapSeconds"/>.</summary>
    public int JoinGapFor(int protocol) => protocol == 6 ? TcpJoinGapSeconds : JoinGapSeconds;

    /// <summary>Connections in 24 hours from which a pair is a strobe, reported as such and not scored.</summary>
    public long StrobeConnectionsPerDay { get; init; } = 86_400;

    /// <summary>Unique connection timestamps a pair needs to be scored.</summary>
    public int MinUniqueTimestamps { get; init; } = 4;

    /// <summary>Also score every (source, destination) across its ports.</summary>
    public bool AcrossPorts { get; init; } = true;

    /// <summary>Threads used for scoring.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}
