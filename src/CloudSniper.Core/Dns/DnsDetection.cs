namespace CloudSniper.Core.Dns;

/// <summary>One detection: its kind, the registered domain, the sources and instances involved, the score and the evidence that explains it.</summary>
public sealed record DnsDetection
{
    /// <summary>What was found.</summary>
    public required DnsDetectionKind Kind { get; init; }

    /// <summary>The registered domain (for a DGA, the most queried of its random domains; for an indicator, the indicator).</summary>
    public required string Domain { get; init; }

    /// <summary>The source addresses whose queries make the detection.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>The instance ids of those sources, where the log names them.</summary>
    public IReadOnlyList<string> Instances { get; init; } = [];

    /// <summary>The score, 0 to 1.</summary>
    public required double Score { get; init; }

    /// <summary>The first query that counts.</summary>
    public DateTimeOffset FirstSeen { get; init; }

    /// <summary>The last query that counts.</summary>
    public DateTimeOffset LastSeen { get; init; }

    /// <summary>Queries that count.</summary>
    public long Queries { get; init; }

    /// <summary>Addresses the names resolved to (A and AAAA answers), a few at most.</summary>
    public IReadOnlyList<string> ResolvedAddresses { get; init; } = [];

    /// <summary>Counts, examples of names, intervals and sub-scores: why it was reported.</summary>
    public required IReadOnlyDictionary<string, object> Evidence { get; init; }

    /// <summary>Queries kept per bin of <see cref="TimelineBinSeconds"/> from <see cref="FirstSeen"/>: the query timeline (empty for an indicator).</summary>
    public IReadOnlyList<int> Timeline { get; init; } = [];

    /// <summary>The width of a <see cref="Timeline"/> bin.</summary>
    public double TimelineBinSeconds { get; init; }

    /// <summary>Queries kept by name length, in bins of <see cref="DnsAnalyzer.LengthBin"/> characters.</summary>
    public IReadOnlyList<int> NameLengths { get; init; } = [];

    /// <summary>Queries kept by the Shannon entropy of their subdomain, in bins of a quarter bit a character (0 with no subdomain).</summary>
    public IReadOnlyList<int> Entropies { get; init; } = [];
}
