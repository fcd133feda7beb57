namespace CloudSniper.Core.Analytics.Internal;

/// <summary>One oriented flow record of a pair, 16 bytes: what joining and scoring need of it.</summary>
internal struct ConnectionEvent
{
    /// <summary>Unix seconds of the first packet.</summary>
    public uint Start;

    /// <summary>Source-side (internal host) bytes, saturated at 4 GiB.</summary>
    public uint Bytes;

    /// <summary>Seconds from start to end, saturated.</summary>
    public ushort Duration;

    /// <summary>The internal host's port: records of one 5-tuple share it.</summary>
    public ushort LocalPort;

    /// <summary>The pair the event belongs to: the aggregator's own index while reading.</summary>
    public int Pair;
}
