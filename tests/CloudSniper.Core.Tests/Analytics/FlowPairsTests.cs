using System.Text.Json;
using CloudSniper.Core.Analytics;
using CloudSniper.Core.Analytics.Internal;
using CloudSniper.Core.Analytics.Synthetic;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Tests.Analytics;

/// <summary>
/// The scoring order decides which of a host pair's equally busy ports names its across-ports row, so it must be
/// the total order of the pair keys, whatever order the pairs were gathered in.
/// </summary>
public sealed class FlowPairsTests
{
    [Theory]
    [InlineData(1, 10, false)]
    [InlineData(2, 2000, false)]
    [InlineData(3, 50_000, false)]
    [InlineData(4, 3000, true)]
    public void ScoringOrder_IsTheOrderOfTheKeysWhateverTheGatheringOrder(int seed, int count, bool withIPv6)
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
            pairs[i] = new PairState { Key = new PairKey(src, dst, (ushort)rng.Next(65536), (byte)(rng.Next(2) == 0 ? 6 : 17)) };
        }

        // Keys are unique, as the aggregator's are.
        pairs = pairs.DistinctBy(p => p.Key).ToArray();
        var expected = pairs.Select(p => p.Key)
            .OrderBy(k => k.Src).ThenBy(k => k.Dst).ThenBy(k => k.Port).ThenBy(k => k.Protocol).ToArray();

        Assert.Equal(expected, FlowPairs.ScoringOrder(pairs).Select(i => pairs[i].Key));

        // Gathered in another order, the same keys come out in the same order.
        var shuffled = pairs.OrderBy(_ => rng.Next()).ToArray();
        Assert.Equal(expected, FlowPairs.ScoringOrder(shuffled).Select(i => shuffled[i].Key));
    }

    [Fact]
    public void Build_GivenTheRecordsSplitAnyWayBetweenParsers_GivesTheSameReport()
    {
        var records = new SyntheticFlowLogs(new SyntheticOptions { Seed = 5, Hosts = 25, Destinations = 60, Beacons = 6, FleetAgents = 1 }).Records().ToList();
        var options = new BeaconOptions { Parallelism = 1, Threshold = 0 };
        var whole = new FlowAggregator();
        foreach (var r in records)
        {
            whole.OnRecord(in r);
        }

        var expected = Report(FlowPairs.Build([whole]), options);
        var rng = new Random(9);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // Chunks of records handed to whichever parser is free, as the reader does.
            var parts = new[] { new FlowAggregator(), new FlowAggregator(), new FlowAggregator() };
            for (var i = 0; i < records.Count;)
            {
                var part = parts[rng.Next(parts.Length)];
                for (var end = Math.Min(records.Count, i + rng.Next(1, 500)); i < end; i++)
                {
                    var r = records[i];
                    part.OnRecord(in r);
                }
            }

            Assert.Equal(expected, Report(FlowPairs.Build(parts), options));
        }

        Assert.Contains("\"AcrossPorts\":true", expected, StringComparison.Ordinal);
    }

    private static string Report(FlowPairs pairs, BeaconOptions options) =>
        JsonSerializer.Serialize(BeaconAnalyzer.Analyze(pairs, options).Scored, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
}
