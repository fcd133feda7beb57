namespace CloudSniper.Core.Analytics.Synthetic;

/// <summary>The shape of a synthetic flow-log data set; the same options and seed always give the same records.</summary>
public sealed record SyntheticOptions
{
    /// <summary>The random seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>When the data starts.</summary>
    public DateTimeOffset Start { get; init; } = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How long it covers.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Internal hosts (10.x.y.z), each logged on its own interface.</summary>
    public int Hosts { get; init; } = 60;

    /// <summary>External destinations of benign traffic, chosen with Zipf popularity.</summary>
    public int Destinations { get; init; } = 2000;

    /// <summary>Zipf exponent of destination popularity.</summary>
    public double ZipfExponent { get; init; } = 1.1;

    /// <summary>Benign sessions per host per hour at the daily peak (Poisson, with a day/night cycle).</summary>
    public double SessionsPerHostPerHour { get; init; } = 6;

    /// <summary>Planted beacons.</summary>
    public int Beacons { get; init; } = 30;

    /// <summary>Shortest beacon period in seconds.</summary>
    public double MinPeriod { get; init; } = 10;

    /// <summary>Longest beacon period in seconds.</summary>
    public double MaxPeriod { get; init; } = 3600;

    /// <summary>Largest beacon jitter (each gap drawn uniformly within ±jitter of the period).</summary>
    public double MaxJitter { get; init; } = 0.5;

    /// <summary>Largest share of dropped beats.</summary>
    public double MaxDropRate { get; init; } = 0.2;

    /// <summary>Share of beacons that run for only part of the window (30–80 % of it).</summary>
    public double PartialShare { get; init; } = 0.3;

    /// <summary>Share of beacons over UDP.</summary>
    public double UdpShare { get; init; } = 0.3;

    /// <summary>Fleet-wide periodic agents (monitoring, updates): each talked to by most hosts on a schedule.</summary>
    public int FleetAgents { get; init; } = 3;

    /// <summary>Hosts with a long-lived connection logged once per aggregation window.</summary>
    public int LongLivedConnections { get; init; } = 10;

    /// <summary>External scanners probing hosts inbound, rejected (some on a schedule, some from a fixed source port).</summary>
    public int Scanners { get; init; } = 15;

    /// <summary>The aggregation window in seconds (60 on Nitro instances).</summary>
    public int AggregationWindow { get; init; } = 60;

    /// <summary>Log the reply direction of each connection too, as AWS does.</summary>
    public bool BothDirections { get; init; } = true;
}
