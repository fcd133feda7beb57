using CloudSniper.Core.Analytics.Internal;

namespace CloudSniper.Core.Tests.Analytics;

/// <summary>The radix sort scoring uses must order exactly as the comparison sort does, at every length and spread.</summary>
public sealed class RadixSortTests
{
    public static TheoryData<int, ulong, int> Cases() => new()
    {
        { 0, 10, 1 },
        { 1, 10, 2 },
        { 50, 1000, 3 },
        { 95, 1 << 20, 4 },
        { 96, 1 << 20, 5 },
        { 1440, 130, 6 },
        { 5000, 1, 7 },
        { 5000, 1UL << 33, 8 },
        { 20_000, ulong.MaxValue, 9 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sort_OfUInt32_MatchesTheComparisonSort(int length, ulong range, int seed)
    {
        var rng = new Random(seed);
        var keys = new uint[length];
        for (var i = 0; i < length; i++)
        {
            keys[i] = (uint)((ulong)rng.NextInt64() % Math.Min(range, uint.MaxValue + 1UL)) + 17;
        }

        var expected = keys.Order().ToArray();
        RadixSort.Sort(keys, new uint[length]);

        Assert.Equal(expected, keys);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sort_OfUInt64_MatchesTheComparisonSort(int length, ulong range, int seed)
    {
        var rng = new Random(seed);
        var keys = new ulong[length];
        for (var i = 0; i < length; i++)
        {
            var r = ((ulong)rng.NextInt64() << 1) ^ (ulong)rng.NextInt64();
            keys[i] = range == ulong.MaxValue ? r : (r % range) + 5;
        }

        var expected = keys.Order().ToArray();
        RadixSort.Sort(keys, new ulong[length + 3]);

        Assert.Equal(expected, keys);
    }
}
