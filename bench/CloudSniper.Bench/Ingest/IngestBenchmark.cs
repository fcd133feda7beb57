using System.Diagnostics;
using System.Globalization;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Ingestion.Sources;
using CloudSniper.Core.Iocs;
using CloudSniper.Store.Sqlite;

namespace CloudSniper.Bench.Ingest;

/// <summary>
/// End-to-end ingest: N generated GuardDuty findings in a JSON-lines file, parsed, IOC-extracted and committed into a
/// fresh SQLite knowledge base, as <c>sniper ingest</c> does. Reports findings/s and the peak working set.
/// </summary>
public sealed class IngestBenchmark : IMacroBenchmark
{
    /// <inheritdoc />
    public string Name => "ingest";

    /// <inheritdoc />
    public string Description => "ingest N GuardDuty findings (default 100000) into a fresh SQLite store";

    /// <summary>Parse and extract alone, then commit alone (from findings already in memory), to see which side bounds the ingest.</summary>
    private static async Task BreakdownAsync(string input, string dir)
    {
        var clock = Stopwatch.StartNew();
        var items = new List<CloudSniper.Core.KnowledgeBase.FindingWithIocs>();
        await using (var stream = File.OpenRead(input))
        {
            foreach (var result in DocumentReader.Read(stream, input, null, CancellationToken.None))
            {
                items.Add(new(result.Finding!, IocExtractor.Extract(result.Finding!)));
            }
        }

        Console.WriteLine($"parse + extract: {clock.Elapsed.TotalSeconds:N2} s = {items.Count / clock.Elapsed.TotalSeconds:N0} findings/s");
        await using var store = new SqliteKnowledgeBase(Path.Combine(dir, "breakdown.db"));
        await store.InitializeAsync().ConfigureAwait(false);
        clock.Restart();
        foreach (var chunk in items.Chunk(1000))
        {
            await store.CommitAsync(chunk).ConfigureAwait(false);
        }

        Console.WriteLine($"commit alone: {clock.Elapsed.TotalSeconds:N2} s = {items.Count / clock.Elapsed.TotalSeconds:N0} findings/s");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var dir = Directory.CreateTempSubdirectory("sniper-bench-ingest-").FullName;
        try
        {
            var input = Path.Combine(dir, "findings.jsonl");
            var bytes = GuardDutyFindingGenerator.Write(input, count);
            Console.WriteLine($"input: {count:N0} findings, {bytes / 1e6:N1} MB ({bytes / count:N0} bytes each)");

            // Settle what the generator allocated so that the peak reflects the ingest.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var before = process.PeakWorkingSet64;

            if (args.Length > 1 && args[1] == "breakdown")
            {
                await BreakdownAsync(input, dir).ConfigureAwait(false);
                return 0;
            }

            await using var store = new SqliteKnowledgeBase(Path.Combine(dir, "bench.db"));
            await store.InitializeAsync().ConfigureAwait(false);
            var pipeline = new IngestPipeline(store, new IngestComponents(DocumentReader.Read, IocExtractor.Extract), new IngestOptions());
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var report = await pipeline.RunAsync(new FileInputSource(input, dir, () => Stream.Null).EnumerateAsync()).ConfigureAwait(false);
            clock.Stop();
            process.Refresh();

            Console.WriteLine($"ingested: {report.Records:N0} findings ({report.Committed.Inserted:N0} inserted, {report.Rejected:N0} rejected), {report.Committed.Sightings:N0} sightings");
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            Console.WriteLine($"time: {clock.Elapsed.TotalSeconds:N2} s = {report.Records / clock.Elapsed.TotalSeconds:N0} findings/s");
            Console.WriteLine($"process CPU: {cpu:N2} s = {report.Records / cpu:N0} findings per CPU-second (load average {LoadAverage()})");
            Console.WriteLine($"peak working set: {process.PeakWorkingSet64 / 1e6:N0} MB (before ingest: {before / 1e6:N0} MB)");
            return report.Rejected == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
