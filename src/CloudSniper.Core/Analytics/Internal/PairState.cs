namespace CloudSniper.Core.Analytics.Internal;

/// <summary>What the aggregator keeps per pair: running totals and how many of its events the arena holds.</summary>
internal struct PairState
{
    public PairKey Key;
    public int Stored;
    public long Records;
    public long Bytes;
    public uint First;
    public uint Last;
}
