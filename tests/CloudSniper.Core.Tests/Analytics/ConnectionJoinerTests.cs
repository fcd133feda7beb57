using CloudSniper.Core.Analytics.Internal;

namespace CloudSniper.Core.Tests.Analytics;

/// <summary>Joining must not depend on how the records arrive: however disordered, they join as if sorted by start, ties in arrival order.</summary>
public sealed class ConnectionJoinerTests
{
    [Theory]
    [InlineData(1, 200, 1)]
    [InlineData(2, 500, 2)]
    [InlineData(5, 1000, 3)]
    [InlineData(16, 1000, 4)]
    [InlineData(17, 1000, 5)]
    [InlineData(200, 3000, 6)]
    [InlineData(3, 2000, 7)]
    public void Join_OfRunsOfRecords_MatchesJoiningThemStablySorted(int runs, int count, int seed)
    {
        var rng = new Random(seed);
        var events = new List<ConnectionEvent>();
        for (var r = 0; r < runs; r++)
        {
            // Each run ascends over the same day, as each reading worker's share of a pair does; starts repeat.
            var t = 1_714_521_600u + (uint)rng.Next(600);
            for (var i = 0; i < count / runs; i++)
            {
                t += (uint)rng.Next(0, 90);
                events.Add(new ConnectionEvent { Start = t, Bytes = (uint)rng.Next(1, 5000), Duration = (ushort)rng.Next(0, 200), LocalPort = (ushort)(40000 + rng.Next(seed == 7 ? 60 : 4)) });
            }
        }

        var stable = events.OrderBy(e => e.Start).ToArray();
        var expected = new ConnectionJoiner();
        expected.Join(stable, 120);
        var actual = new ConnectionJoiner();
        var input = events.ToArray();
        actual.Join(input, 120);

        Assert.Equal(expected.Connections.ToArray(), actual.Connections.ToArray());
        Assert.Equal(events, input);
    }

    [Fact]
    public void Join_AppendsEachPairAfterThePrevious()
    {
        var joiner = new ConnectionJoiner();
        joiner.Join([new ConnectionEvent { Start = 100, Bytes = 5, Duration = 10, LocalPort = 1 }, new ConnectionEvent { Start = 150, Bytes = 7, LocalPort = 1 }], 120);
        joiner.Join([new ConnectionEvent { Start = 50, Bytes = 1, LocalPort = 2 }], 120);

        Assert.Equal(2, joiner.Count);
        Assert.Equal((100u, 150u, 12L), (joiner.Connections[0].Start, joiner.Connections[0].End, joiner.Connections[0].Bytes));
        Assert.Equal(50u, joiner.Connections[1].Start);
    }
}
