namespace CloudSniper.Core.Analytics.Internal;

/// <summary>One connection after joining the consecutive records of its 5-tuple.</summary>
internal struct Connection
{
    public uint Start;
    public uint End;
    public long Bytes;
    public int Records;
    public ushort Port;
    public byte Protocol;
}
