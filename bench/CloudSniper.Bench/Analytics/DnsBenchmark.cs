using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using CloudSniper.Core.Dns;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Ingestion.Sources;
using DuckDB.NET.Data;

namespace CloudSniper.Bench.Analytics;

/// <summary>
/// <c>dns [hosts=300] [queries-per-host=6000] [dir=/tmp] [repeat=3]</c>: the DNS analysis of <c>sniper dns</c> end to end
/// over a generated day of Route 53 Resolver query logs in the S3 layout (<see cref="DnsQueryLogGenerator"/>), beside
/// gzip decompression alone and DuckDB SQL computing unique subdomains per registered domain over the same objects,
/// each in its own process so that its peak memory is its own.
/// </summary>
public sealed class DnsBenchmark : IMacroBenchmark
{
    private sealed record Result(string Mode, double Seconds, long Queries, long PeakBytes, string Note);

    /// <inheritdoc />
    public string Name => "dns";

    /// <inheritdoc />
    public string Description => "DNS C2 analytics over a day of query logs: [hosts=300] [queries-per-host=6000] [dir=/tmp] [repeat=3] | run MODE ROOT";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == "run")
        {
            return await RunChildAsync(args[1], args[2]).ConfigureAwait(false);
        }

        var hosts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        var perHost = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 6000;
        var dir = args.Length > 2 ? args[2] : "/tmp";
        var repeat = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        var root = Path.Combine(dir, $"cloudsniper-dns-{hosts}x{perHost}");
        if (!Directory.Exists(DnsQueryLogGenerator.DayDirectory(root)))
        {
            var sw = Stopwatch.StartNew();
            var written = DnsQueryLogGenerator.Write(root, hosts, perHost);
            Console.WriteLine($"generated {written:N0} queries from {hosts} hosts in {sw.Elapsed.TotalSeconds:0.0} s");
        }

        var objects = Directory.GetFiles(root, "*.log.gz", SearchOption.AllDirectories);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"input: {root}: {objects.Length} gzip objects, {objects.Sum(f => new FileInfo(f).Length) / 1e6:0} MB; {Environment.ProcessorCount} cores; best of {repeat} runs each, every run in its own process"));
        var results = new List<Result>();
        foreach (var mode in new[] { "gunzip", "parse", "sniper", "duckdb" })
        {
            Result? best = null;
            for (var k = 0; k < repeat; k++)
            {
                var run = await Child(mode, root).ConfigureAwait(false);
                if (run is not null && (best is null || run.Seconds < best.Seconds))
                {
                    best = run;
                }
            }

            if (best is not null)
            {
                results.Add(best);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{best.Mode,-8} {best.Seconds,7:0.00} s  {(best.Queries > 0 ? best.Queries / best.Seconds / 1e3 : 0),7:0} k queries/s  peak {best.PeakBytes / 1048576.0,6:N0} MiB  {best.Note}"));
            }
        }

        var ours = results.FirstOrDefault(r => r.Mode == "sniper");
        var duck = results.FirstOrDefault(r => r.Mode == "duckdb");
        if (ours is not null && duck is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duckdb / sniper: {duck.Seconds / ours.Seconds:0.00}x"));
        }

        return 0;
    }

    private static async Task<int> RunChildAsync(string mode, string root)
    {
        var sw = Stopwatch.StartNew();
        long queries = 0;
        var note = "";
        switch (mode)
        {
            case "gunzip":
            {
                var buffer = new byte[1 << 16];
                long total = 0;
                foreach (var file in Directory.GetFiles(root, "*.log.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
                    int n;
                    while ((n = gz.Read(buffer)) > 0)
                    {
                        total += n;
                        queries += buffer.AsSpan(0, n).Count((byte)'\n');
                    }
                }

                note = string.Create(CultureInfo.InvariantCulture, $"{total / 1e6:0} MB of JSON lines, one thread");
                break;
            }

            case "parse":
            {
                // The reader alone on one thread, queries dropped: what decompressing and parsing cost.
                foreach (var file in Directory.GetFiles(root, "*.log.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    using var s = File.OpenRead(file);
                    queries += ResolverQueryLogReader.Read(s, file, _ => { }, _ => { }).Queries;
                }

                note = "reader alone, one thread";
                break;
            }

            case "sniper":
            {
                long rejected = 0;
                var result = await DnsQueryLogAnalysis.AnalyzeAsync(new FileInputSource(root, Environment.CurrentDirectory, () => Stream.Null).EnumerateAsync(), new DnsOptions(), PublicSuffixList.Bundled, null, _ => rejected++).ConfigureAwait(false);
                var report = result.Report;
                queries = result.Counters.Queries;
                var top = report.Detections.Take(4).Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Kind.ToString().ToLowerInvariant()} {d.Domain} {d.Score:0.00}"));
                note = string.Create(CultureInfo.InvariantCulture,
                    $"files {result.Counters.Files}, rejected {rejected}, sources {report.Sources}, domains {report.Domains:N0}, pairs {report.Pairs:N0}, detections {report.Detections.Count}: {string.Join(", ", top)}");
                break;
            }

            case "stages":
            {
                // Reading and aggregating, then scoring, each with the process's CPU time.
                var aggregator = new DnsAggregator(new DnsOptions(), PublicSuffixList.Bundled);
                var cpu = Environment.CpuUsage.TotalTime;
                var counters = await DnsQueryLogAnalysis.ReadAsync(new FileInputSource(root, Environment.CurrentDirectory, () => Stream.Null).EnumerateAsync(), aggregator, _ => { }).ConfigureAwait(false);
                var read = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
                var readWall = sw.Elapsed.TotalSeconds;
                cpu = Environment.CpuUsage.TotalTime;
                var report = DnsAnalyzer.Analyze(aggregator);
                queries = counters.Queries;
                note = string.Create(CultureInfo.InvariantCulture,
                    $"read {readWall:0.00} s (cpu {read:0.00} s), analyze {sw.Elapsed.TotalSeconds - readWall:0.00} s (cpu {(Environment.CpuUsage.TotalTime - cpu).TotalSeconds:0.00} s), detections {report.Detections.Count}");
                break;
            }

            case "aggregate":
            {
                // Aggregation alone on one thread, over the queries of the first 72 objects parsed beforehand.
                var parsed = new List<ResolverQuery>();
                foreach (var file in Directory.GetFiles(root, "*.log.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(72))
                {
                    using var s = File.OpenRead(file);
                    ResolverQueryLogReader.Read(s, file, parsed.Add, _ => { });
                }

                var aggregator = new DnsAggregator(new DnsOptions(), PublicSuffixList.Bundled);
                var cpu = Environment.CpuUsage.TotalTime;
                foreach (var q in parsed)
                {
                    aggregator.Add(q);
                }

                var first = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
                cpu = Environment.CpuUsage.TotalTime;
                foreach (var q in parsed)
                {
                    aggregator.Add(q);
                }

                var again = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
                double Time(Action<ResolverQuery> step)
                {
                    var c = Environment.CpuUsage.TotalTime;
                    foreach (var q in parsed)
                    {
                        step(q);
                    }

                    return (Environment.CpuUsage.TotalTime - c).TotalSeconds;
                }

                var psl = PublicSuffixList.Bundled;
                long sink = 0;
                var tPsl = Time(q => sink += psl.RegisteredDomainStart(q.Name));
                var tEntropy = Time(q => sink += (long)LabelStatistics.ShannonEntropy(q.Name));
                var dict = new Dictionary<(string, string), int>();
                var tDict = Time(q => dict[(q.SrcAddr, q.Name)] = 1);
                var tHash = Time(q => sink += (long)CloudSniper.Core.Dns.Internal.DistinctSketch.Hash(q.Name));
                queries = parsed.Count;
                note = string.Create(CultureInfo.InvariantCulture, $"psl {tPsl:0.00} entropy {tEntropy:0.00} dict {tDict:0.00} hash {tHash:0.00} {sink % 2}; aggregate cpu {first:0.00} s for {parsed.Count:N0} queries, again into the same pairs {again:0.00} s; pairs {aggregator.Pairs.Count:N0}");
                break;
            }

            case "dump":
            {
                // Every field of the report from a sequential read, for comparing two builds' results byte for byte.
                var aggregator = new DnsAggregator(new DnsOptions(), PublicSuffixList.Bundled);
                foreach (var file in Directory.GetFiles(root, "*.log.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    using var s = File.OpenRead(file);
                    queries += ResolverQueryLogReader.Read(s, file, aggregator.Add, _ => { }).Queries;
                }

                await File.WriteAllTextAsync(Path.Combine(root, "..", Path.GetFileName(root) + ".dump.json"), JsonSerializer.Serialize(DnsAnalyzer.Analyze(aggregator), DumpOptions)).ConfigureAwait(false);
                break;
            }

            case "dump-parallel":
            {
                // The same through the parallel read sniper dns uses.
                var result = await DnsQueryLogAnalysis.AnalyzeAsync(new FileInputSource(root, Environment.CurrentDirectory, () => Stream.Null).EnumerateAsync(), new DnsOptions(), PublicSuffixList.Bundled, null, _ => { }).ConfigureAwait(false);
                queries = result.Counters.Queries;
                await File.WriteAllTextAsync(Path.Combine(root, "..", Path.GetFileName(root) + ".dump-parallel.json"), JsonSerializer.Serialize(result.Report, DumpOptions)).ConfigureAwait(false);
                break;
            }

            case "duckdb":
                (queries, note) = DuckDb(root);
                break;

            default:
                return 2;
        }

        var seconds = sw.Elapsed.TotalSeconds;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        note += string.Create(CultureInfo.InvariantCulture, $"; cpu {self.TotalProcessorTime.TotalSeconds:0.00} s; gc {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, pauses {GC.GetTotalPauseDuration().TotalSeconds:0.00} s");
        Console.WriteLine(JsonSerializer.Serialize(new Result(mode, seconds, queries, self.PeakWorkingSet64, note)));
        return 0;
    }

    /// <summary>
    /// Unique subdomains per registered domain in DuckDB SQL over the same gzip objects: names lower-cased without the
    /// trailing dot, the registered domain taken as the last two labels (the generated data uses only single-label
    /// public suffixes, where that is what the Public Suffix List gives), and the distinct names below it counted.
    /// </summary>
    private static (long Queries, string Note) DuckDb(string root)
    {
        var glob = Path.Combine(root, "**", "*.log.gz").Replace("'", "''", StringComparison.Ordinal);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $$"""
            WITH q AS (
              SELECT rtrim(lower(query_name), '.') AS name
              FROM read_json('{{glob}}', format='newline_delimited', compression='gzip', columns={query_name: 'VARCHAR', srcaddr: 'VARCHAR'})),
            d AS (SELECT name, regexp_extract(name, '[^.]+\.[^.]+$') AS domain FROM q),
            per AS (
              SELECT domain, count(*) AS queries, count(DISTINCT name) FILTER (WHERE name <> domain) AS subdomains
              FROM d WHERE domain <> '' GROUP BY domain)
            SELECT domain, queries, subdomains, sum(queries) OVER () AS total, count(*) OVER () AS domains
            FROM per ORDER BY subdomains DESC, domain LIMIT 4
            """;
        using var reader = command.ExecuteReader();
        var top = new List<string>();
        long total = 0, domains = 0;
        while (reader.Read())
        {
            top.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)} {reader.GetInt64(2)}"));
            total = (long)Convert.ToDecimal(reader.GetValue(3).ToString(), CultureInfo.InvariantCulture);
            domains = reader.GetInt64(4);
        }

        return (total, string.Create(CultureInfo.InvariantCulture, $"domains {domains:N0}; most subdomains: {string.Join(", ", top)}"));
    }

    private static readonly JsonSerializerOptions DumpOptions = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static async Task<Result?> Child(string mode, string root)
    {
        var dll = typeof(DnsBenchmark).Assembly.Location;
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(dll);
        }

        foreach (var a in new[] { "dns", "run", mode, root })
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var output = await p.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await p.WaitForExitAsync().ConfigureAwait(false);
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (p.ExitCode != 0 || line is null)
        {
            Console.WriteLine($"{mode}: failed (exit {p.ExitCode}) {output}");
            return null;
        }

        return JsonSerializer.Deserialize<Result>(line);
    }
}
