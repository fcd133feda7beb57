using System.Runtime.CompilerServices;

namespace CloudSniper.Core.Analytics.Internal;

/// <summary>The key of a scored pair: internal source, external destination, destination port and protocol.</summary>
internal readonly struct PairKey(UInt128 src, UInt128 dst, ushort port, byte protocol) : IEquatable<PairKey>
{
    public readonly UInt128 Src = src;
    public readonly UInt128 Dst = dst;
    public readonly ushort Port = port;
    public readonly byte Protocol = protocol;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(PairKey other) =>
        Src == other.Src && Dst == other.Dst && Port == other.Port && Protocol == other.Protocol;

    public override bool Equals(object? obj) => obj is PairKey k && Equals(k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override int GetHashCode()
    {
        // Multiply-xorshift over the low halves (IPv4 lives there) and the port; cheap and well spread.
        var h = ((ulong)Src * 0x9E3779B97F4A7C15UL) ^ ((ulong)Dst * 0xC2B2AE3D27D4EB4FUL) ^ (((ulong)Port << 8 | Protocol) * 0x165667B19E3779F9UL);
        h ^= (ulong)(Src >> 64) ^ (ulong)(Dst >> 64);
        h ^= h >> 29;
        return (int)h ^ (int)(h >> 32);
    }
}
