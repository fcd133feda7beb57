namespace CloudSniper.Core.Analytics.Internal;

/// <summary>One connection after joining the consecutive records of its 5-tuple: what scoring and hunting read of it, 16 bytes.</summary>
internal struct Connection
{
    public uint Start;
    public uint End;
    public long Bytes;
}
