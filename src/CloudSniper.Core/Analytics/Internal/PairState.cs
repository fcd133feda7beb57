namespace CloudSniper.Core.Analytics.Internal;

/// <summary>What the aggregator keeps per pair: a linked list of its events in the arena and running totals.</summary>
internal struct PairState
{
    public PairKey Key;
    public int Head;
    public int Stored;
    public long Records;
    public long Bytes;
    public uint First;
    public uint Last;
}
