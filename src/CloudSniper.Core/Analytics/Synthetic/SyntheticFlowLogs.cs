using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Core.Analytics.Synthetic;

/// <summary>
/// Synthetic VPC flow logs with planted beacons over realistic benign traffic: Poisson sessions with a day/night
/// cycle to Zipf-popular destinations, long-lived connections logged once per aggregation window, fleet-wide periodic
/// agents, and inbound scanning that is rejected. Beacons have periods from 10 s to 1 h, jitter up to 50 %, dropped
/// beats, may run for only part of the window, send occasional large tasking responses, and use TCP or UDP. Records
/// come host by host (as per-interface log files do), both directions of each connection logged.
/// </summary>
public sealed class SyntheticFlowLogs
{
    private static readonly ushort[] BeaconTcpPorts = [443, 443, 443, 8443, 80, 8080, 4444, 9001];
    private static readonly ushort[] BeaconUdpPorts = [53, 123, 443, 1194, 5353, 8888];
    private static readonly ushort[] ScanPorts = [22, 23, 445, 3389, 5900, 8080];
    private static readonly byte[] PublicFirstOctets = [3, 13, 18, 23, 34, 35, 44, 45, 52, 54, 63, 64, 66, 69, 72, 91, 104, 107, 142, 146, 151, 157, 162, 185, 199, 208, 212];

    private readonly SyntheticOptions options;
    private readonly FlowAddress[] hosts;
    private readonly FlowAddress[] destinations;
    private readonly double[] zipfCdf;
    private readonly List<PlantedBeacon> beacons = [];
    private readonly List<FleetAgent> agents = [];
    private readonly List<(FlowAddress Ip, bool Periodic, double Interval, bool FixedPort, ushort SourcePort, double TargetShare)> scanners = [];
    private readonly Dictionary<int, (FlowAddress Dst, ushort Port, long From, long To)> longLived = [];
    private readonly long start;
    private readonly long end;

    /// <summary>Plans hosts, destinations, beacons, agents and scanners from <paramref name="options"/>; records are generated on enumeration.</summary>
    public SyntheticFlowLogs(SyntheticOptions? options = null)
    {
        this.options = options ?? new SyntheticOptions();
        var o = this.options;
        var rng = new Random(o.Seed);
        start = o.Start.ToUnixTimeSeconds();
        end = start + (long)o.Duration.TotalSeconds;
        hosts = new FlowAddress[o.Hosts];
        for (var i = 0; i < o.Hosts; i++)
        {
            hosts[i] = FlowAddress.FromV4((10u << 24) | (1u << 16) | ((uint)(i / 200) << 8) | (uint)((i % 200) + 10));
        }

        var used = new HashSet<FlowAddress>();
        destinations = new FlowAddress[o.Destinations];
        for (var i = 0; i < destinations.Length; i++)
        {
            destinations[i] = NewPublic(rng, used);
        }

        zipfCdf = new double[destinations.Length];
        var sum = 0.0;
        for (var k = 0; k < zipfCdf.Length; k++)
        {
            sum += 1.0 / Math.Pow(k + 1, o.ZipfExponent);
            zipfCdf[k] = sum;
        }

        for (var k = 0; k < zipfCdf.Length; k++)
        {
            zipfCdf[k] /= sum;
        }

        for (var b = 0; b < o.Beacons; b++)
        {
            var udp = rng.NextDouble() < o.UdpShare;
            var period = Math.Exp(Lerp(Math.Log(o.MinPeriod), Math.Log(o.MaxPeriod), rng.NextDouble()));
            var jitter = rng.NextDouble() * o.MaxJitter;
            var drop = rng.NextDouble() < 0.3 ? 0 : rng.NextDouble() * o.MaxDropRate;
            long from = start, to = end;
            if (rng.NextDouble() < o.PartialShare)
            {
                var length = (long)((end - start) * Lerp(0.3, 0.8, rng.NextDouble()));
                from = start + (long)((end - start - length) * rng.NextDouble());
                to = from + length;
            }

            var port = udp ? BeaconUdpPorts[rng.Next(BeaconUdpPorts.Length)] : BeaconTcpPorts[rng.Next(BeaconTcpPorts.Length)];

            // Some UDP implants keep one socket; with periods past the join gap each beat is still its own record.
            var fixedPort = udp && period >= 300 && rng.NextDouble() < 0.5;
            beacons.Add(new PlantedBeacon(
                hosts[rng.Next(hosts.Length)], NewPublic(rng, used), port, udp ? (byte)17 : (byte)6, Math.Round(period, 1), Math.Round(jitter, 3), Math.Round(drop, 3),
                DateTimeOffset.FromUnixTimeSeconds(from), DateTimeOffset.FromUnixTimeSeconds(to), fixedPort));
        }

        double[] agentPeriods = [60, 300, 900, 3600];
        for (var a = 0; a < o.FleetAgents; a++)
        {
            agents.Add(new FleetAgent(NewPublic(rng, used), 443, agentPeriods[a % agentPeriods.Length], Lerp(0.01, 0.1, rng.NextDouble()), Lerp(0.7, 1.0, rng.NextDouble())));
        }

        for (var s = 0; s < o.Scanners; s++)
        {
            var periodic = rng.NextDouble() < 0.5;
            var fixedPort = rng.NextDouble() < 0.5;
            scanners.Add((NewPublic(rng, used), periodic, periodic ? new[] { 300.0, 600, 1800 }[rng.Next(3)] : 3600.0 / Lerp(1, 6, rng.NextDouble()), fixedPort, (ushort)rng.Next(32768, 61000), Lerp(0.1, 1.0, rng.NextDouble())));
        }

        for (var l = 0; l < Math.Min(o.LongLivedConnections, o.Hosts); l++)
        {
            var host = rng.Next(hosts.Length);
            var from = start + (long)((end - start) * 0.5 * rng.NextDouble());
            var to = Math.Min(end, from + (long)((end - start) * Lerp(0.2, 0.5, rng.NextDouble())));
            longLived[host] = (destinations[rng.Next(Math.Min(50, destinations.Length))], rng.NextDouble() < 0.5 ? (ushort)443 : (ushort)5432, from, to);
        }
    }

    /// <summary>The planted beacons (their <see cref="PlantedBeacon.Beats"/> are set once the records were enumerated).</summary>
    public IReadOnlyList<PlantedBeacon> Beacons => beacons;

    /// <summary>The fleet-wide agents.</summary>
    public IReadOnlyList<FleetAgent> Agents => agents;

    /// <summary>The internal hosts.</summary>
    public IReadOnlyList<FlowAddress> Hosts => hosts;

    /// <summary>Every record, host by host, in start order within a host.</summary>
    public IEnumerable<FlowRecord> Records()
    {
        var records = new List<FlowRecord>();
        for (var h = 0; h < hosts.Length; h++)
        {
            records.Clear();
            var rng = new Random(Mix(options.Seed, h, 17));
            var windowOffset = rng.Next(options.AggregationWindow);
            Benign(h, rng, windowOffset, records);
            for (var a = 0; a < agents.Count; a++)
            {
                var agent = agents[a];
                if (new Random(Mix(options.Seed, h, (a * 31) + 29)).NextDouble() < agent.HostShare)
                {
                    Periodic(h, agent.Dst, agent.DstPort, 6, agent.Period, agent.Jitter, 0, start, end, false, rng, windowOffset, records, null);
                }
            }

            if (longLived.TryGetValue(h, out var ll))
            {
                // Half are busy (a record spans each window), half idle but for a keep-alive (a single-instant record a
                // window): both must be joined, or they look like perfect beacons with the window as period.
                Connection(records, hosts[h], ll.Dst, (ushort)rng.Next(32768, 61000), ll.Port, 6, ll.From, ll.To - ll.From, 200_000, 2_000_000, windowOffset, keepAliveOnly: h % 2 == 0 ? rng : null);
            }

            foreach (var scanner in scanners)
            {
                if (new Random(Mix(options.Seed, h, (int)scanner.Ip.V4)).NextDouble() < scanner.TargetShare)
                {
                    Scan(h, scanner, rng, records);
                }
            }

            foreach (var beacon in beacons)
            {
                if (beacon.Src == hosts[h])
                {
                    var beats = Periodic(h, beacon.Dst, beacon.DstPort, beacon.Protocol, beacon.Period, beacon.Jitter, beacon.DropRate,
                        beacon.From.ToUnixTimeSeconds(), beacon.To.ToUnixTimeSeconds(), true, rng, windowOffset, records, beacon);
                    beacon.Beats = beats;
                }
            }

            records.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            foreach (var r in records)
            {
                yield return r;
            }
        }
    }

    /// <summary>Writes every record in <paramref name="format"/> (default: version 2), one NODATA line per host and some SKIPDATA; returns the records written.</summary>
    public long WriteTo(Stream output, FlowLogFormat? format = null)
    {
        using var writer = new FlowLogWriter(output, format ?? FlowLogFormat.Default);
        var previousHost = -1;
        var n = 0L;
        var eni = "";
        foreach (var r in Records())
        {
            var host = r.Direction == FlowDirection.Egress ? r.SrcAddr : r.DstAddr;
            var h = (int)(host.V4 & 0xFFFF);
            if (h != previousHost)
            {
                // Each host's own interface, as a file of a whole VPC's traffic names them.
                eni = "eni-" + ((ulong)(uint)Mix(options.Seed, h, 5) << 32 | (uint)Mix(options.Seed, h, 6)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + "0";
                writer.WriteStatus(FlowLogStatus.NoData, start, start + options.AggregationWindow);
                if (h % 16 == 0)
                {
                    writer.WriteStatus(FlowLogStatus.SkipData, start + 60, start + 120);
                }

                previousHost = h;
            }

            writer.Write(in r, eni);
            n++;
        }

        return n;
    }

    private void Benign(int h, Random rng, int windowOffset, List<FlowRecord> records)
    {
        // Hosts differ in how busy they are (log-normal activity), and everyone is busier by day.
        var activity = Math.Exp(NextGaussian(rng) * 0.7);
        var peakRate = options.SessionsPerHostPerHour * activity / 3600.0;
        var t = (double)start;
        while (true)
        {
            t += -Math.Log(1 - rng.NextDouble()) / peakRate;
            if (t >= end)
            {
                break;
            }

            var hour = (t - start) / 3600.0 % 24;
            var diurnal = 0.2 + (0.8 * (0.5 - (0.5 * Math.Cos(2 * Math.PI * (hour - 4) / 24))));
            if (rng.NextDouble() > diurnal)
            {
                continue;
            }

            var dst = destinations[Zipf(rng)];
            var roll = rng.NextDouble();
            var (port, proto) = roll < 0.8 ? ((ushort)443, (byte)6) : roll < 0.9 ? ((ushort)80, (byte)6) : roll < 0.95 ? ((ushort)123, (byte)17) : ((ushort)22, (byte)6);
            var connections = 1;
            while (rng.NextDouble() < 0.65 && connections < 40)
            {
                connections++;
            }

            var ct = t;
            for (var c = 0; c < connections; c++)
            {
                ct += -Math.Log(1 - rng.NextDouble()) * 3;
                var longOne = rng.NextDouble() < 0.1;
                var duration = longOne ? Lerp(60, 900, rng.NextDouble()) : Math.Exp(NextGaussian(rng)) * 0.8;
                var bytesOut = (long)Math.Exp(6.5 + (1.5 * NextGaussian(rng)));
                var bytesIn = (long)Math.Exp(8.5 + (2.0 * NextGaussian(rng)));
                Connection(records, hosts[h], dst, (ushort)rng.Next(32768, 61000), port, proto, (long)ct, (long)duration, bytesOut + 60, bytesIn + 60, windowOffset);
            }
        }
    }

    private int Periodic(int h, FlowAddress dst, ushort port, byte proto, double period, double jitter, double drop, long from, long to, bool tasking, Random rng, int windowOffset, List<FlowRecord> records, PlantedBeacon? beacon)
    {
        var request = Lerp(200, 2000, rng.NextDouble());
        var response = Lerp(100, 1500, rng.NextDouble());
        var fixedPort = (ushort)rng.Next(32768, 61000);
        var t = from + (rng.NextDouble() * period);
        var beats = 0;
        while (t < to)
        {
            if (rng.NextDouble() >= drop)
            {
                var bytesOut = (long)(request * Lerp(0.95, 1.05, rng.NextDouble()));
                var bytesIn = (long)(response * Lerp(0.9, 1.1, rng.NextDouble()));
                if (tasking && rng.NextDouble() < 0.03)
                {
                    bytesIn *= rng.Next(50, 200);
                }

                var sport = beacon is { FixedSourcePort: true } ? fixedPort : (ushort)rng.Next(32768, 61000);
                var duration = proto == 6 ? rng.Next(0, 3) : 0;
                Connection(records, hosts[h], dst, sport, port, proto, (long)t, duration, bytesOut, bytesIn, windowOffset);
                beats++;
            }

            t += period * Lerp(1 - jitter, 1 + jitter, rng.NextDouble());
        }

        return beats;
    }

    private void Scan(int h, (FlowAddress Ip, bool Periodic, double Interval, bool FixedPort, ushort SourcePort, double TargetShare) scanner, Random rng, List<FlowRecord> records)
    {
        var t = start + (rng.NextDouble() * scanner.Interval);
        var port = ScanPorts[rng.Next(ScanPorts.Length)];
        while (t < end)
        {
            var sport = scanner.FixedPort ? scanner.SourcePort : (ushort)rng.Next(1024, 65535);
            records.Add(new FlowRecord
            {
                Version = 2,
                SrcAddr = scanner.Ip,
                DstAddr = hosts[h],
                SrcPort = sport,
                DstPort = port,
                Protocol = 6,
                Packets = 1,
                Bytes = 40 + rng.Next(0, 20),
                Start = (long)t,
                End = (long)t,
                Action = FlowAction.Reject,
                Direction = FlowDirection.Ingress,
                TcpFlags = 2,
            });
            t += scanner.Periodic ? scanner.Interval * Lerp(0.98, 1.02, rng.NextDouble()) : -Math.Log(1 - rng.NextDouble()) * scanner.Interval;
        }
    }

    private void Connection(List<FlowRecord> records, FlowAddress local, FlowAddress remote, ushort localPort, ushort remotePort, byte proto, long connStart, long duration, long bytesOut, long bytesIn, int windowOffset, Random? keepAliveOnly = null)
    {
        var window = options.AggregationWindow;
        var connEnd = connStart + Math.Max(0, duration);
        var w = connStart - (((connStart - windowOffset) % window) + window) % window;
        var total = Math.Max(1, connEnd - connStart + 1);
        while (w <= connEnd)
        {
            var rs = Math.Max(connStart, w);
            var re = Math.Min(connEnd, w + window - 1);
            if (keepAliveOnly is not null)
            {
                rs = re = Math.Min(re, rs + keepAliveOnly.Next(0, window));
            }

            var share = (double)(re - rs + 1) / total;
            var outBytes = Math.Max(40, (long)(bytesOut * share));
            var inBytes = Math.Max(40, (long)(bytesIn * share));
            records.Add(new FlowRecord
            {
                Version = 2,
                SrcAddr = local,
                DstAddr = remote,
                SrcPort = localPort,
                DstPort = remotePort,
                Protocol = proto,
                Packets = 1 + (outBytes / 600),
                Bytes = outBytes,
                Start = rs,
                End = re,
                Action = FlowAction.Accept,
                Direction = FlowDirection.Egress,
                TcpFlags = proto == 6 ? 27 : -1,
            });
            if (options.BothDirections)
            {
                records.Add(new FlowRecord
                {
                    Version = 2,
                    SrcAddr = remote,
                    DstAddr = local,
                    SrcPort = remotePort,
                    DstPort = localPort,
                    Protocol = proto,
                    Packets = 1 + (inBytes / 1200),
                    Bytes = inBytes,
                    Start = rs,
                    End = re,
                    Action = FlowAction.Accept,
                    Direction = FlowDirection.Ingress,
                    TcpFlags = proto == 6 ? 19 : -1,
                });
            }

            w += window;
        }
    }

    private int Zipf(Random rng)
    {
        var i = Array.BinarySearch(zipfCdf, rng.NextDouble());
        return Math.Min(i < 0 ? ~i : i, zipfCdf.Length - 1);
    }

    private static FlowAddress NewPublic(Random rng, HashSet<FlowAddress> used)
    {
        while (true)
        {
            var a = FlowAddress.FromV4(((uint)PublicFirstOctets[rng.Next(PublicFirstOctets.Length)] << 24) | ((uint)rng.Next(0, 256) << 16) | ((uint)rng.Next(0, 256) << 8) | (uint)rng.Next(1, 255));
            if (used.Add(a))
            {
                return a;
            }
        }
    }

    /// <summary>A fixed mix of three integers into a seed (<see cref="HashCode"/> is randomised per process, and the data must not be).</summary>
    private static int Mix(int a, int b, int c)
    {
        var h = ((ulong)(uint)a * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)b * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)(uint)c * 0x165667B19E3779F9UL);
        h ^= h >> 31;
        return (int)(h & 0x7FFFFFFF);
    }

    private static double Lerp(double a, double b, double t) => a + ((b - a) * t);

    private static double NextGaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
