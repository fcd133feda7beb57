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
    public string Description => "ingest N GuardDuty findings (default 100000) into a fresh SQLite store; 'ingest N breakdown [CHUNK]' times each side alone, 'ingest N write FILE' only writes the input";

    /// <summary>Parse and extract alone, then commit alone (from findings already in memory), to see which side bounds the ingest.</summary>
    private static async Task BreakdownAsync(string input, string dir, int chunk)
    {
        await using var store = new SqliteKnowledgeBase(Path.Combine(dir, "breakdown.db"));
        await store.InitializeAsync().ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var allocatedBefore = GC.GetTotalAllocatedBytes(true);
        var items = new List<CloudSniper.Core.KnowledgeBase.FindingWithIocs>();
        await using (var stream = File.OpenRead(input))
        {
            foreach (var result in DocumentReader.Read(stream, input, null, CancellationToken.None))
            {
                var item = new CloudSniper.Core.KnowledgeBase.FindingWithIocs(result.Finding!, IocExtractor.Extract(result.Finding!));
                store.Prepare(item);
                items.Add(item);
            }
        }

        // Timed before the heap is measured: a full collection of the findings held would count as parsing.
        var parsing = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
        Console.WriteLine($"parse + extract + prepare: {parsing:N2} s = {items.Count / parsing:N0} findings/s");
        Console.WriteLine($"heap after parse: {GC.GetTotalMemory(true) / 1e6:N0} MB; allocated {allocated / 1e6:N0} MB");
        var writtenBefore = WrittenBytes();
        clock.Restart();
        allocatedBefore = GC.GetTotalAllocatedBytes(true);
        foreach (var batch in items.Chunk(chunk))
        {
            await store.CommitAsync(batch).ConfigureAwait(false);
        }

        Console.WriteLine($"commit alone: {clock.Elapsed.TotalSeconds:N2} s = {items.Count / clock.Elapsed.TotalSeconds:N0} findings/s; {(WrittenBytes() - writtenBefore) / 1e6:N0} MB written by the process, store {new FileInfo(Path.Combine(dir, "breakdown.db")).Length / 1e6:N0} MB; allocated {(GC.GetTotalAllocatedBytes(true) - allocatedBefore) / 1e6:N0} MB");
    }

    private static long WrittenBytes()
    {
        if (!File.Exists("/proc/self/io"))
        {
            return 0;
        }

        var line = File.ReadLines("/proc/self/io").FirstOrDefault(l => l.StartsWith("wchar:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        if (args.Length > 2 && args[1] == "write")
        {
            // The input alone, for timing `sniper ingest` itself on it.
            var written = GuardDutyFindingGenerator.Write(args[2], count);
            Console.WriteLine($"{args[2]}: {count:N0} findings, {written / 1e6:N1} MB");
            return 0;
        }

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
                await BreakdownAsync(input, dir, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000).ConfigureAwait(false);
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
            var gc = GC.GetGCMemoryInfo();
            Console.WriteLine($"GC: heap {gc.HeapSizeBytes / 1e6:N0} MB, committed {gc.TotalCommittedBytes / 1e6:N0} MB, collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, pause {GC.GetTotalPauseDuration().TotalSeconds:N2} s; SQLite high water {SQLitePCL.raw.sqlite3_memory_highwater(0) / 1e6:N0} MB");
            return report.Rejected == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
