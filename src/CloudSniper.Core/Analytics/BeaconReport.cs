namespace CloudSniper.Core.Analytics;

/// <summary>The outcome of beacon analysis: every scored pair ranked, and the figures of the run.</summary>
public sealed record BeaconReport
{
    /// <summary>Every scored pair and strobe, highest score first.</summary>
    public required IReadOnlyList<Beacon> Scored { get; init; }

    /// <summary>The pairs judged beacons, highest score first; a (source, destination) across its ports when that scores at least as well as its best port, else its beaconing ports.</summary>
    public required IReadOnlyList<Beacon> Beacons { get; init; }

    /// <summary>The pairs that were strobes.</summary>
    public required IReadOnlyList<Beacon> Strobes { get; init; }

    /// <summary>Distinct (source, destination, port, protocol) pairs read.</summary>
    public int Pairs { get; init; }

    /// <summary>Pairs with enough connections to score.</summary>
    public int ScoredPairs { get; init; }

    /// <summary>Pairs left out because their destination is allow-listed.</summary>
    public int AllowListed { get; init; }

    /// <summary>Internal hosts that opened outbound connections.</summary>
    public int InternalHosts { get; init; }

    /// <summary>Start of the analysed window.</summary>
    public DateTimeOffset WindowStart { get; init; }

    /// <summary>End of the analysed window.</summary>
    public DateTimeOffset WindowEnd { get; init; }

    /// <summary>The score from which a pair was judged a beacon.</summary>
    public double Threshold { get; init; }
}
