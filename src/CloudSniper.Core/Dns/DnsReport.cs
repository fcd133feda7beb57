namespace CloudSniper.Core.Dns;

/// <summary>The result of a DNS analysis: the detections by descending score and what was analysed.</summary>
public sealed record DnsReport
{
    /// <summary>The detections, highest score first.</summary>
    public required IReadOnlyList<DnsDetection> Detections { get; init; }

    /// <summary>Queries analysed (inside the window).</summary>
    public long Queries { get; init; }

    /// <summary>Queries outside the window.</summary>
    public long OutsideWindow { get; init; }

    /// <summary>Queries whose name has no registered domain (a bare public suffix, an empty or malformed name).</summary>
    public long WithoutRegisteredDomain { get; init; }

    /// <summary>Distinct source addresses (the fleet).</summary>
    public int Sources { get; init; }

    /// <summary>Distinct registered domains.</summary>
    public int Domains { get; init; }

    /// <summary>(source, registered domain) pairs.</summary>
    public int Pairs { get; init; }

    /// <summary>First query in the window.</summary>
    public DateTimeOffset WindowStart { get; init; }

    /// <summary>Last query in the window.</summary>
    public DateTimeOffset WindowEnd { get; init; }
}
