using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudSniper.Core.Runbook;

namespace CloudSniper.Bench.Runbook;

/// <summary>
/// CloudTrail review throughput: generates S3-style <c>{"Records":[...]}</c> files (record shapes taken from the
/// shared corpora when present), reviews them with the runbook (with and without the project's Sigma rules), then
/// runs <c>jq</c> doing the same per-event aggregation (count, user agents, source IPs) on the same files.
/// <c>dotnet run -c Release --project bench/CloudSniper.Bench -- runbook [--size-mb 1024] [--files 16] [--workers 2]</c>
/// </summary>
public sealed class RunbookBenchmark : IMacroBenchmark
{
    private const string JqProgram =
        "reduce (inputs | .Records[]) as $r ({}; ($r.eventSource + \" \" + $r.eventName) as $k " +
        "| .[$k].count += 1 | .[$k].userAgents[$r.userAgent // \"\"] += 1 | .[$k].sourceIps[$r.sourceIPAddress // \"\"] += 1)";

    public string Name => "runbook";

    public string Description => "CloudTrail review MB/s (with and without Sigma rules) beside jq's per-event aggregation";

    public async Task<int> RunAsync(string[] args)
    {
        var sizeMb = Arg(args, "--size-mb", 1024);
        var fileCount = Arg(args, "--files", 16);
        var workers = Arg(args, "--workers", 2);
        var root = FindRepoRoot();
        var dir = Directory.CreateTempSubdirectory("runbook-bench-");
        try
        {
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; workers: {workers}");
            var sw = Stopwatch.StartNew();
            var (bytes, records) = Generate(dir.FullName, root, sizeMb * 1024L * 1024L, fileCount);
            Console.WriteLine($"generated {fileCount} files, {bytes / 1e6:0.0} MB, {records:N0} records in {sw.Elapsed.TotalSeconds:0.0} s");

            var rules = root is null ? null : Path.Combine(root, "rules", "cloudtrail");
            // Warm-up on one file so JIT time is not measured.
            await new RunbookRunner(TimeProvider.System).RunAsync(new RunbookInputs { CloudTrail = [Directory.GetFiles(dir.FullName)[0]], RulesDirectory = rules, Parallelism = 1 });

            var review = await Measure("review", dir.FullName, null, workers, bytes);
            if (rules is not null)
            {
                await Measure("review + 35 Sigma rules", dir.FullName, rules, workers, bytes);
            }

            if (args.Contains("--no-jq"))
            {
                Console.WriteLine("jq: skipped (--no-jq)");
            }
            else
            {
                Jq(dir.FullName, bytes, review);
            }
            return 0;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Runs three times and reports the fastest (the first runs also finish tiered JIT compilation).</summary>
    private static async Task<Dictionary<string, long>> Measure(string label, string dir, string? rules, int workers, long bytes)
    {
        CloudSniper.Core.Runbook.Model.RunbookReport? report = null;
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            report = await new RunbookRunner(TimeProvider.System).RunAsync(new RunbookInputs { CloudTrail = [dir], RulesDirectory = rules, Parallelism = workers });
            watch.Stop();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine(
            $"{label,-26} {bytes / 1e6 / best.TotalSeconds,8:0.0} MB/s  {report!.CloudTrail.Records / best.TotalSeconds,12:N0} records/s  " +
            $"{best.TotalSeconds:0.00} s  events: {report.CloudTrail.Events.Count}  detections: {report.Summary.Detections}  peak working set: {peak / 1e6:0} MB");
        return report.CloudTrail.Events.ToDictionary(e => e.EventSource + " " + e.EventName, e => e.Count, StringComparer.Ordinal);
    }

    private static void Jq(string dir, long bytes, Dictionary<string, long> expected)
    {
        var files = Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToList();
        if (!CanRun("jq", "--version"))
        {
            Console.WriteLine("jq: not installed, jq side skipped (apt-get install jq)");
            return;
        }

        foreach (var processes in new[] { 1, 2 })
        {
            var sw = Stopwatch.StartNew();
            var runs = Enumerable.Range(0, processes)
                .Select(p => Start("jq", ["-n", "-c", JqProgram, .. files.Where((_, i) => i % processes == p)]))
                .ToList();
            var outputs = runs.Select(r => (Out: r.StandardOutput.ReadToEndAsync(), Proc: r)).ToList();
            var merged = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (output, proc) in outputs)
            {
                proc.WaitForExit();
                foreach (var e in JsonNode.Parse(output.Result)!.AsObject())
                {
                    merged[e.Key] = merged.GetValueOrDefault(e.Key) + e.Value!["count"]!.GetValue<long>();
                }
            }

            sw.Stop();
            var agree = merged.Count == expected.Count && merged.All(m => expected.GetValueOrDefault(m.Key) == m.Value);
            Console.WriteLine($"jq, {processes} process(es){"",10} {bytes / 1e6 / sw.Elapsed.TotalSeconds,8:0.0} MB/s  {sw.Elapsed.TotalSeconds:0.00} s  per-event counts {(agree ? "agree" : "DIFFER")} with the review");
        }
    }

    private static (long Bytes, long Records) Generate(string dir, string? root, long target, int files)
    {
        var templates = Templates(root);
        var rng = new Random(42);
        long written = 0, records = 0;
        var perFile = target / files;
        var time = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var f = 0; f < files; f++)
        {
            using var stream = new FileStream(Path.Combine(dir, $"123456789012_CloudTrail_eu-west-1_{f:0000}.json"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20);
            writer.Write("{\"Records\":[");
            long size = 12;
            var first = true;
            while (size < perFile)
            {
                var t = templates[rng.Next(templates.Count)];
                // Bounded key space: 400 event names, 2,000 user agents, 5,000 addresses.
                var record = t
                    .Replace("@@NAME@@", "Op" + rng.Next(400).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("@@UA@@", "aws-sdk-java/1." + rng.Next(2000).ToString(CultureInfo.InvariantCulture) + " Linux/6.1 OpenJDK_64-Bit_Server_VM/21", StringComparison.Ordinal)
                    .Replace("@@IP@@", "198.51." + rng.Next(20).ToString(CultureInfo.InvariantCulture) + "." + rng.Next(250).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("@@TIME@@", time.AddSeconds(records).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("@@ID@@", Guid.NewGuid().ToString(), StringComparison.Ordinal);
                if (!first)
                {
                    writer.Write(',');
                    size++;
                }

                first = false;
                writer.Write(record);
                size += Encoding.UTF8.GetByteCount(record);
                records++;
            }

            writer.Write("]}");
            written += size + 2;
        }

        return (written, records);
    }

    /// <summary>Record shapes from the corpora (their nesting and sizes), with placeholders for the varying fields.</summary>
    private static List<string> Templates(string? root)
    {
        var corpus = root is null ? null : Path.GetFullPath(Path.Combine(root, "..", "shared", "corpora", "cloudtrail", "stratus-red-team"));
        for (var dir = root is null ? null : Directory.GetParent(root); dir is not null && (corpus is null || !Directory.Exists(corpus)); dir = dir.Parent)
        {
            corpus = Path.Combine(dir.FullName, "shared", "corpora", "cloudtrail", "stratus-red-team");
        }

        var nodes = new List<JsonObject>();
        if (corpus is not null && Directory.Exists(corpus))
        {
            foreach (var file in Directory.GetFiles(corpus, "*.json"))
            {
                nodes.AddRange(JsonNode.Parse(File.ReadAllText(file))!.AsArray().Select(n => n!.AsObject()));
            }
        }
        else
        {
            nodes.Add(JsonNode.Parse("""{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/app/i-1","accountId":"123456789012","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::123456789012:role/app"}}},"eventSource":"ec2.amazonaws.com","awsRegion":"eu-west-1","requestParameters":{"instancesSet":{"items":[{"instanceId":"i-1"}]}},"responseElements":null,"readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012"}""")!.AsObject());
        }

        return nodes.Select(n =>
        {
            n["eventName"] = "@@NAME@@";
            n["userAgent"] = "@@UA@@";
            n["sourceIPAddress"] = "@@IP@@";
            n["eventTime"] = "@@TIME@@";
            n["eventID"] = "@@ID@@";
            return n.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
        }).ToList();
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloudSniper.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static bool CanRun(string file, string arg)
    {
        try
        {
            using var p = Start(file, [arg]);
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static Process Start(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }
}
