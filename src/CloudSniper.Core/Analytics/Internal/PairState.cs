namespace CloudSniper.Core.Analytics.Internal;

/// <summary>What the aggregator keeps per pair: running totals and how many of its events the arena holds.</summary>
internal struct PairState
{
    public PairKey Key;
    public int Stored;

    /// <summary>The arena index of the pair's latest event (-1 before the first), where a reply record is folded in.</summary>
    public int LastEvent;
    public long Records;
    public long Bytes;
    public uint First;
    public uint Last;
}
