using CloudSniper.Core.Analytics;
using CloudSniper.Core.Analytics.Internal;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Tests.Analytics;

/// <summary>
/// The scoring order decides which of a host pair's equally busy ports names its across-ports row, so it must stay
/// exactly the order that sorting bare pair indices by (source, destination) with the framework's sort gives.
/// </summary>
public sealed class FlowPairsTests
{
    [Theory]
    [InlineData(1, 10, false)]
    [InlineData(2, 2000, false)]
    [InlineData(3, 50_000, false)]
    [InlineData(4, 3000, true)]
    public void ScoringOrder_IsTheOrderOfSortingIndicesByAddresses(int seed, int count, bool withIPv6)
    {
        var rng = new Random(seed);
        var pairs = new PairState[count];
        for (var i = 0; i < count; i++)
        {
            // Few hosts and destinations, many ports: long runs of equal keys.
            var src = FlowAddress.FromV4(0x0A000000u + (uint)rng.Next(count / 40 + 1)).Value;
            var dst = withIPv6 && rng.Next(3) == 0
                ? new UInt128(0x20010DB8UL << 32, (ulong)rng.Next(20))
                : FlowAddress.FromV4(0xC6336400u + (uint)rng.Next(count / 20 + 1)).Value;
            pairs[i] = new PairState { Key = new PairKey(src, dst, (ushort)rng.Next(65536), 6) };
        }

        var expected = Enumerable.Range(0, count).ToArray();
        Array.Sort(expected, (a, b) =>
        {
            var c = pairs[a].Key.Src.CompareTo(pairs[b].Key.Src);
            return c != 0 ? c : pairs[a].Key.Dst.CompareTo(pairs[b].Key.Dst);
        });

        Assert.Equal(expected, FlowPairs.ScoringOrder(pairs));
        if (count >= 2000)
        {
            // Ties are not left in index order: a stable sort, or any other algorithm, would order them differently.
            var stable = Enumerable.Range(0, count).OrderBy(i => pairs[i].Key.Src).ThenBy(i => pairs[i].Key.Dst).ToArray();
            Assert.NotEqual(stable, expected);
        }
    }
}
