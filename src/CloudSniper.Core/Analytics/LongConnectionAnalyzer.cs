using CloudSniper.Core.Analytics.Internal;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics;

/// <summary>
/// Finds long connections in flow logs. A flow log cuts a connection into one record per aggregation interval (1 or
/// 10 minutes, "Flow log records", VPC User Guide), so the records of each 5-tuple are first joined into connections
/// with the beacon analysis's joiner and join gaps; a (source, destination) pair's connections over all its ports are
/// then added up, as RITA adds up the durations of a pair's connections, and the pairs from
/// <see cref="LongConnectionOptions.BaseSeconds"/> up are reported, longest first.
/// </summary>
public static class LongConnectionAnalyzer
{
    /// <summary>The long connections of <paramref name="pairs"/>; destinations in <see cref="BeaconOptions.Allow"/> are left out.</summary>
    public static IReadOnlyList<LongConnection> Find(FlowPairs pairs, BeaconOptions? beaconOptions = null, LongConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        beaconOptions ??= new BeaconOptions();
        options ??= new LongConnectionOptions();
        var joiner = new ConnectionJoiner();
        var found = new List<LongConnection>();
        var table = pairs.Pairs;
        var ports = new List<(int Port, int Protocol, long Seconds)>();
        for (var r = 0; r < table.Length;)
        {
            var key = table[r].Key;
            var end = r + 1;
            while (end < table.Length && table[end].Key.Src == key.Src && table[end].Key.Dst == key.Dst)
            {
                end++;
            }

            if (beaconOptions.Allow is { } allow && allow.Contains(new FlowAddress(key.Dst)))
            {
                r = end;
                continue;
            }

            long total = 0, longest = 0, bytes = 0;
            uint first = uint.MaxValue, last = 0;
            var connections = 0;
            ports.Clear();
            for (var i = r; i < end; i++)
            {
                ref var p = ref table[i];
                joiner.Clear();
                joiner.Join(pairs.EventsOf(i), beaconOptions.JoinGapFor(p.Key.Protocol));
                long portSeconds = 0;
                foreach (var c in joiner.Connections)
                {
                    var seconds = (long)c.End - c.Start;
                    portSeconds += seconds;
                    longest = Math.Max(longest, seconds);
                    bytes += c.Bytes;
                    first = Math.Min(first, c.Start);
                    last = Math.Max(last, c.End);
                }

                connections += joiner.Count;
                total += portSeconds;
                ports.Add((p.Key.Port, p.Key.Protocol, portSeconds));
            }

            r = end;
            if (options.LevelOf(total) is not { } level)
            {
                continue;
            }

            found.Add(new LongConnection
            {
                Src = new FlowAddress(key.Src),
                Dst = new FlowAddress(key.Dst),
                Ports = [.. ports.OrderByDescending(p => p.Seconds).ThenBy(p => p.Port).ThenBy(p => p.Protocol).Select(p => (p.Port, p.Protocol))],
                TotalSeconds = total,
                LongestSeconds = longest,
                Connections = connections,
                Bytes = bytes,
                Level = level,
                FirstSeen = DateTimeOffset.FromUnixTimeSeconds(first),
                LastSeen = DateTimeOffset.FromUnixTimeSeconds(last),
            });
        }

        found.Sort((a, b) => b.TotalSeconds != a.TotalSeconds ? b.TotalSeconds.CompareTo(a.TotalSeconds) : a.Src.CompareTo(b.Src) != 0 ? a.Src.CompareTo(b.Src) : a.Dst.CompareTo(b.Dst));
        return found;
    }
}
