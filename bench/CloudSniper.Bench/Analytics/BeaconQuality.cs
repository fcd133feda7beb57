using System.Globalization;
using CloudSniper.Core.Analytics;
using CloudSniper.Core.Analytics.Synthetic;
using CloudSniper.Core.FlowLogs;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Bench.Analytics;

/// <summary>Recall and precision of beacon detection on synthetic flow logs over several seeds, with the misses and false positives listed.</summary>
internal static class BeaconQuality
{
    /// <summary>Runs with [seeds=5] [hosts=100] [beacons=40] [days=1] [min-period=10] [max-period=3600].</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var seeds = Arg(args, 0, 5);
        var hostCount = Arg(args, 1, 100);
        var beaconCount = Arg(args, 2, 40);
        var days = Arg(args, 3, 1);
        var minPeriod = Arg(args, 4, 10);
        var maxPeriod = Arg(args, 5, 3600);
        int planted = 0, found = 0, reported = 0, fps = 0, agentFps = 0, easy = 0, easyFound = 0;
        foreach (var seed in Enumerable.Range(1, seeds))
        {
            var data = new SyntheticFlowLogs(new SyntheticOptions { Seed = seed, Hosts = hostCount, Beacons = beaconCount, Duration = TimeSpan.FromDays(days), MinPeriod = minPeriod, MaxPeriod = maxPeriod });
            using var text = new MemoryStream();
            data.WriteTo(text);
            var bytes = text.ToArray();
            var document = new InputDocument($"seed{seed}.log", _ => Task.FromResult<Stream>(new MemoryStream(bytes)));
            var (aggregator, counters) = await FlowAggregation.ReadAsync(new FlowLogReader(), One(document)).ConfigureAwait(false);
            var report = BeaconAnalyzer.Analyze(aggregator);
            var q = DetectionQuality.Evaluate(report, data);
            planted += q.Planted;
            found += q.Found;
            reported += q.Reported;
            fps += q.FalsePositives;
            agentFps += q.FleetAgentFalsePositives;
            var e = data.Beacons.Where(b => b.Jitter <= 0.2 && b.Beats >= 24).ToList();
            easy += e.Count;
            easyFound += e.Count(b => !q.Missed.Contains(b));
            Console.WriteLine($"seed {seed}: records {counters.Records:N0}, pairs {report.Pairs:N0}, scored {report.ScoredPairs:N0}, recall {q.Recall:0.000}, precision {q.Precision:0.000}");
            var scored = report.Scored.ToDictionary(b => (b.Src, b.Dst, b.DstPort, b.AcrossPorts));
            foreach (var m in q.Missed)
            {
                scored.TryGetValue((m.Src, m.Dst, m.DstPort, false), out var s);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  missed {m.Src}->{m.Dst}:{m.DstPort}/{m.Protocol} period {m.Period} jitter {m.Jitter} drop {m.DropRate} beats {m.Beats} span {(m.To - m.From).TotalHours:0.0}h fixed {m.FixedSourcePort} => {Describe(s)}"));
            }

            var plantedKeys = data.Beacons.Select(b => (b.Src, b.Dst)).ToHashSet();
            foreach (var top in report.Scored.Where(b => !plantedKeys.Contains((b.Src, b.Dst)) && !b.IsBeacon).Take(3))
            {
                Console.WriteLine($"  best benign {top.Src}->{top.Dst}:{top.DstPort}/{top.Protocol} across {top.AcrossPorts} hosts {top.Prevalence} => {Describe(top)}");
            }

            foreach (var low in report.Beacons.Where(b => plantedKeys.Contains((b.Src, b.Dst))).OrderBy(b => b.Score).Take(2))
            {
                Console.WriteLine($"  weakest found {low.Src}->{low.Dst}:{low.DstPort}/{low.Protocol} => {Describe(low)}");
            }

            foreach (var s in q.Spurious)
            {
                Console.WriteLine($"  false positive {s.Src}->{s.Dst}:{s.DstPort}/{s.Protocol} hosts {s.Prevalence} => {Describe(s)}");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"total: planted {planted}, found {found}, recall {(double)found / planted:0.000}; reported {reported}, false positives {fps} (fleet agents {agentFps}), precision {(reported - fps) / (double)Math.Max(1, reported):0.000}; jitter<=20% and >=24 beats: {easyFound}/{easy}"));
        return 0;
    }

    private static string Describe(Beacon? b) => b is null
        ? "not scored"
        : string.Create(CultureInfo.InvariantCulture,
            $"score {b.Score:0.000} rita {b.RitaScore:0.000} (ts {b.TimestampScore:0.00} ds {b.DataSizeScore:0.00} hist {b.HistogramScore:0.00} dur {b.DurationScore:0.00}) per {b.PeriodicityScore:0.00} period {b.Period} prev {b.PrevalenceScore:0.00} conns {b.Connections}");

    private static int Arg(string[] args, int i, int fallback) =>
        args.Length > i && int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private static async IAsyncEnumerable<InputDocument> One(InputDocument d)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return d;
    }
}
