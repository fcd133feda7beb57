namespace CloudSniper.Core.Dns.Internal;

/// <summary>
/// Counts distinct values in bounded memory (k minimum values): the 256 smallest 64-bit hashes seen are kept, so the
/// count is exact up to 256 and estimated beyond (relative error about 1/√255, 6 %), and two sketches merge into the
/// sketch of the union. 2 KiB at most per sketch (grown only as distinct values arrive, so most pairs hold a few bytes) keep memory bounded by pairs, not by names.
/// </summary>
internal sealed class DistinctSketch
{
    /// <summary>Hashes kept.</summary>
    public const int K = 256;

    private ulong[] _hashes = new ulong[4];
    private int _count;

    /// <summary>The distinct count, exact below <see cref="K"/>.</summary>
    public double Estimate => _count < K ? _count : (K - 1) / (_hashes[K - 1] / 18446744073709551616.0);

    /// <summary>Adds a value by its hash.</summary>
    public void Add(ulong hash)
    {
        if (_count == K && hash >= _hashes[K - 1])
        {
            return;
        }

        var at = Array.BinarySearch(_hashes, 0, _count, hash);
        if (at >= 0)
        {
            return;
        }

        at = ~at;
        if (_count < K)
        {
            if (_count == _hashes.Length)
            {
                Array.Resize(ref _hashes, Math.Min(K, _hashes.Length * 2));
            }

            Array.Copy(_hashes, at, _hashes, at + 1, _count - at);
            _count++;
        }
        else
        {
            Array.Copy(_hashes, at, _hashes, at + 1, K - 1 - at);
        }

        _hashes[at] = hash;
    }

    /// <summary>Adds every hash of <paramref name="other"/> (the union of both).</summary>
    public void Merge(DistinctSketch other)
    {
        for (var i = 0; i < other._count; i++)
        {
            Add(other._hashes[i]);
        }
    }

    /// <summary>A 64-bit hash of <paramref name="text"/>: FNV-1a over its characters, then the SplitMix64 finaliser so that the low values KMV keeps are uniform.</summary>
    public static ulong Hash(ReadOnlySpan<char> text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        h ^= h >> 30;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 27;
        h *= 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }
}
