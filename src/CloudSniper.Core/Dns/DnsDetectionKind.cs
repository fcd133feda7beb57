namespace CloudSniper.Core.Dns;

/// <summary>What a DNS detection found.</summary>
public enum DnsDetectionKind
{
    /// <summary>Data carried in the names queried under one registered domain.</summary>
    Tunnel,

    /// <summary>Periodic queries for a name or a few names.</summary>
    Beacon,

    /// <summary>A source resolving many random-looking, mostly non-existent domains (a domain generation algorithm).</summary>
    Dga,

    /// <summary>Queries for a known-bad domain or a name under it.</summary>
    Ioc,

    /// <summary>A registered domain one source queried that the fleet had never resolved before (a low-severity lead).</summary>
    Rare,
}
