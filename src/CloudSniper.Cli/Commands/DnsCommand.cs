using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Amazon.S3;
using CloudSniper.Aws.Dns;
using CloudSniper.Aws.Sources;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Dns;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Ingestion.Sources;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper dns</c>: DNS tunnels, DNS beacons, DGA sources and known-bad domains in Route 53 Resolver query logs.</summary>
public static class DnsCommand
{
    private const int MaxRejectsPrinted = 10;

    public static Command Create(CliEnvironment env)
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Route 53 Resolver query logs (JSON lines, plain or gzip, or a CloudWatch Logs export of them): files, directories, globs, '-' for stdin, or s3://bucket/prefix (the AWSLogs/<account>/vpcdnsquerylogs/<vpc-id>/YYYY/MM/DD/ layout is narrowed to the window's days)",
            Arity = ArgumentArity.OneOrMore,
        };
        var iocs = new Option<string[]>("--iocs")
        {
            Description = "Known-bad domains, repeatable: a plain list, CSV or STIX 2.1 bundle; the knowledge base's active domain indicators are always added",
        };
        var since = FlowLogCommandSupport.Since();
        var until = FlowLogCommandSupport.Until();
        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Html, OutputFormat.Md);
        var output = FlowLogCommandSupport.Out();
        var record = new Option<bool>("--no-record")
        {
            Description = "Do not record the detections; by default each is recorded in the knowledge base (--store) as a finding of source analytics, with its domain as an indicator and the addresses it resolved to as related ones, so that playbooks can act on it",
        };
        var kinds = new Option<string[]>("--kinds")
        {
            Description = "Kinds to show and record, comma-separated or repeated: tunnel, beacon, dga, ioc, rare. Default: all but rare (first-seen domains, low-severity leads), which dns.showRare: true adds",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command(
            "dns",
            "Find C2 and exfiltration in Route 53 Resolver query logs, per registered domain (Public Suffix List) and source: " +
            "tunnels (many unique, long, high-entropy subdomains from few sources), beacons (the flow-log beacon statistics), " +
            "DGA sources (many random-looking, mostly NXDOMAIN domains) and known-bad domains. Domains the whole fleet queries " +
            "score low. Thresholds are the dns: keys of the configuration. Counters and rejected lines go to stderr; exit 3 when lines were rejected.");
        command.Arguments.Add(inputs);
        foreach (var o in new Option[] { iocs, since, until, format, output, record, kinds })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var started = env.Time.GetTimestamp();
            var config = ConfigResolver.LoadOrThrow(parse, env);
            var (from, to) = FlowLogCommandSupport.Window(parse.GetValue(since), parse.GetValue(until), env.Time.GetUtcNow());
            var options = config.Dns.ToOptions(from, to);
            var suffixes = LoadSuffixes(config.Dns.PublicSuffixList, env);
            var paths = parse.GetValue(inputs) ?? [];
            LocalInputs.RequireMatches(paths, env.CurrentDirectory);
            var noRecord = parse.GetValue(record);
            var shown = Kinds(parse.GetValue(kinds), config.Dns.ShowRare);

            var indicators = new DomainIndicatorSet();
            foreach (var file in parse.GetValue(iocs) ?? [])
            {
                await LoadIocsAsync(file, env, indicators, ct).ConfigureAwait(false);
            }

            await using var store = await KnowledgeBaseFactory.OpenAsync(parse, env, ct).ConfigureAwait(false);
            await foreach (var ioc in store.ListIocsAsync(new IocQuery(Type: IocType.Domain, ActiveOnly: true, Now: env.Time.GetUtcNow(), Limit: int.MaxValue), ct).ConfigureAwait(false))
            {
                indicators.Add(ioc.Value);
            }

            var aggregator = new DnsAggregator(options, suffixes, indicators);
            var rejects = new List<RecordError>();
            long rejected = 0, files = 0, lines = 0;
            void OnError(RecordError e)
            {
                rejected++;
                if (rejects.Count < MaxRejectsPrinted)
                {
                    rejects.Add(e);
                }
            }

            DnsReport full;
            try
            {
                var counters = await DnsQueryLogAnalysis.ReadAsync(Documents(paths, env, from, to, ct), aggregator, OnError, 0, ct).ConfigureAwait(false);
                files = counters.Files;
                lines = counters.Lines;

                // The knowledge base learns the registered domains on every recorded run, whether first-seen leads are shown or not.
                using var history = noRecord ? null : OpenHistory(store, env);
                full = await DnsQueryLogAnalysis.AnalyzeWithHistoryAsync(aggregator, history?.History, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (FlowLogCommandSupport.IsAwsError(ex))
            {
                await env.Error.WriteLineAsync($"sniper: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Aws;
            }

            var account = aggregator.AccountId;
            var region = aggregator.Region;
            var report = full with { Detections = [.. full.Detections.Where(d => shown.Contains(d.Kind))] };
            var fmt = parse.GetValue(format);
            await FlowLogCommandSupport.WriteOutputAsync(env, parse.GetValue(output), e =>
            {
                if (fmt == OutputFormat.Json)
                {
                    e.Out.WriteLine(JsonSerializer.Serialize(new { detections = report.Detections.Select(Json).ToList() }, JsonOutput.Indented));
                    e.Out.Flush();
                }
                else if (fmt == OutputFormat.Html)
                {
                    CloudSniper.Core.Dns.Reports.DnsHtmlReport.Write(e.Out, report, Explain, []);
                    e.Out.Flush();
                }
                else
                {
                    DataWriter.Write(e, fmt, report.Detections, Columns, title: fmt == OutputFormat.Table ? "DNS detections" : "Cloud Sniper: DNS detections");
                }
            }).ConfigureAwait(false);

            var summary = new List<string>();
            var hiddenRare = full.Detections.Count(d => d.Kind == DnsDetectionKind.Rare && !shown.Contains(d.Kind));
            if (hiddenRare > 0)
            {
                summary.Add(string.Create(CultureInfo.InvariantCulture, $"{hiddenRare:N0} first-seen domain(s) queried by one source, not shown (--kinds rare, or dns.showRare: true)"));
            }

            if (!noRecord && report.Detections.Count > 0)
            {
                var committed = await store.CommitAsync(DnsFindings.From(report.Detections, env.Time.GetUtcNow(), account, region), ct).ConfigureAwait(false);
                summary.Add(string.Create(CultureInfo.InvariantCulture,
                    $"recorded {report.Detections.Count:N0} DNS finding(s): {committed.Inserted:N0} new, {committed.Updated:N0} updated, {committed.Unchanged:N0} unchanged, {committed.Sightings:N0} indicator sighting(s)"));
            }

            if (!parse.GetValue(GlobalOptions.Quiet))
            {
                var elapsed = env.Time.GetElapsedTime(started);
                var e = env.Error;
                await e.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"files {files:N0}, lines {lines:N0}, queries {report.Queries:N0}, outside the window {report.OutsideWindow:N0}, without a registered domain {report.WithoutRegisteredDomain:N0}, rejected {rejected:N0}; {elapsed.TotalSeconds:0.00} s")).ConfigureAwait(false);
                await e.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"sources {report.Sources:N0}, registered domains {report.Domains:N0}, pairs {report.Pairs:N0}, known-bad domains {indicators.Count:N0}, detections {report.Detections.Count:N0}")).ConfigureAwait(false);
                if (report.Queries > 0)
                {
                    await e.WriteLineAsync($"window {report.WindowStart:u} to {report.WindowEnd:u}").ConfigureAwait(false);
                }
                else
                {
                    await e.WriteLineAsync($"sniper: no queries read from {string.Join(", ", paths)}").ConfigureAwait(false);
                }

                foreach (var line in rejects.Select(r => $"  {r}").Concat(summary))
                {
                    await e.WriteLineAsync(line).ConfigureAwait(false);
                }
            }

            return rejected > 0 ? ExitCodes.InputRejected : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The kinds <c>--kinds</c> names, or every kind but rare unless <paramref name="showRare"/>.</summary>
    internal static HashSet<DnsDetectionKind> Kinds(string[]? values, bool showRare)
    {
        var names = (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (names.Count == 0)
        {
            return [.. Enum.GetValues<DnsDetectionKind>().Where(k => showRare || k != DnsDetectionKind.Rare)];
        }

        var set = new HashSet<DnsDetectionKind>();
        foreach (var name in names)
        {
            if (!Enum.TryParse<DnsDetectionKind>(name, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(name, out _))
            {
                throw new UsageException($"--kinds: unknown kind '{name}' (tunnel, beacon, dga, ioc, rare)");
            }

            set.Add(kind);
        }

        return set;
    }

    /// <summary>The domain history beside the knowledge base: the SQLite file's dns_domains table, or items in the DynamoDB table.</summary>
    private static HistoryHandle? OpenHistory(IKnowledgeBase store, CliEnvironment env) => store switch
    {
        CloudSniper.Store.Sqlite.SqliteKnowledgeBase sqlite => new HistoryHandle(new CloudSniper.Store.Sqlite.SqliteDomainHistory(sqlite.Path), null),
        CloudSniper.Aws.DynamoDb.DynamoDbKnowledgeBase dynamo => Dynamo(dynamo.TableName, env),
        _ => null,
    };

    private static HistoryHandle Dynamo(string table, CliEnvironment env)
    {
        var client = AwsClients.DynamoDb(env);
        return new HistoryHandle(new CloudSniper.Aws.DynamoDb.DynamoDbDomainHistory(client, table), client);
    }

    private sealed class HistoryHandle(IDomainHistory history, IDisposable? owned) : IDisposable
    {
        public IDomainHistory History { get; } = history;

        public void Dispose() => owned?.Dispose();
    }

    /// <summary>The one-line explanation of a detection printed in the table.</summary>
    public static string Explain(DnsDetection d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var ev = d.Evidence;
        return d.Kind switch
        {
            DnsDetectionKind.Tunnel => string.Create(CultureInfo.InvariantCulture,
                $"{ev["uniqueSubdomains"]} unique subdomains, {ev["meanSubdomainLength"]} chars and {ev["meanEntropyBits"]} bits a char on average, {(double)ev["txtNullCnameShare"] * 100:0}% TXT/NULL/CNAME, {ev["nameBytes"]} name bytes"),
            DnsDetectionKind.Beacon => string.Create(CultureInfo.InvariantCulture,
                $"every {ev["periodSeconds"]} s, {ev["uniqueTimestamps"]} queries, {string.Join(" ", (IEnumerable<string>)ev["names"])}"),
            DnsDetectionKind.Dga => string.Create(CultureInfo.InvariantCulture,
                $"{ev["randomDomains"]} random-looking domains, {(double)ev["nxDomainShare"] * 100:0}% NXDOMAIN, e.g. {string.Join(" ", (IEnumerable<string>)ev["examples"])}"),
            DnsDetectionKind.Rare => string.Create(CultureInfo.InvariantCulture, $"first seen in the fleet; {d.Queries} queries: {string.Join(" ", (IEnumerable<string>)ev["names"])}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{d.Queries} queries: {string.Join(" ", (IEnumerable<string>)ev["names"])}"),
        };
    }

    private static readonly Column<DnsDetection>[] Columns =
    [
        new("score", d => d.Score.ToString("0.000", CultureInfo.InvariantCulture), AlignRight: true),
        new("kind", d => d.Kind.ToString().ToLowerInvariant()),
        new("domain", d => d.Domain, Whole: true),
        new("sources", d => string.Join(" ", d.Sources), Whole: true),
        new("instances", d => string.Join(" ", d.Instances), Drop: 3),
        new("queries", d => d.Queries, AlignRight: true),
        new("first seen", d => d.FirstSeen, Drop: 2),
        new("last seen", d => d.LastSeen, Drop: 1),
        new("evidence", Explain, Drop: 4),
    ];

    private static object Json(DnsDetection d) => new
    {
        kind = d.Kind.ToString().ToLowerInvariant(),
        domain = d.Domain,
        sources = d.Sources,
        instances = d.Instances,
        score = d.Score,
        firstSeen = d.FirstSeen,
        lastSeen = d.LastSeen,
        queries = d.Queries,
        resolvedAddresses = d.ResolvedAddresses,
        evidence = d.Evidence,
    };

    internal static PublicSuffixList LoadSuffixes(string? path, CliEnvironment env)
    {
        if (string.IsNullOrEmpty(path))
        {
            return PublicSuffixList.Bundled;
        }

        var full = Path.IsPathRooted(path) ? path : Path.Combine(env.CurrentDirectory, path);
        if (!File.Exists(full))
        {
            throw new UsageException($"dns.publicSuffixList: {path}: no such file");
        }

        var list = PublicSuffixList.Load(full);
        return list.Rules > 0 ? list : throw new UsageException($"dns.publicSuffixList: {path} holds no rule");
    }

    /// <summary>Every input document in argument order: local paths through the file source, s3:// prefixes through S3, narrowed to the window's days.</summary>
    internal static async IAsyncEnumerable<InputDocument> Documents(IReadOnlyList<string> inputs, CliEnvironment env, DateTimeOffset? since, DateTimeOffset? until, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        AmazonS3Client? s3 = null;
        try
        {
            foreach (var input in inputs)
            {
                if (S3Prefix.TryParse(input, out var location))
                {
                    s3 ??= AwsClients.S3(env);
                    foreach (var prefix in DnsQueryLogS3Layout.Prefixes(location, since, until))
                    {
                        await foreach (var d in new S3InputSource(s3, prefix).EnumerateAsync(cancellationToken).ConfigureAwait(false))
                        {
                            yield return d;
                        }
                    }

                    continue;
                }

                await foreach (var d in new FileInputSource(input, env.CurrentDirectory, env.OpenStdin).EnumerateAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return d;
                }
            }
        }
        finally
        {
            s3?.Dispose();
        }
    }

    /// <summary>Reads a feed file with whichever finding parser recognises it and adds its domain indicators.</summary>
    private static async Task LoadIocsAsync(string file, CliEnvironment env, DomainIndicatorSet set, CancellationToken ct)
    {
        var path = Path.IsPathRooted(file) ? file : Path.Combine(env.CurrentDirectory, file);
        if (!File.Exists(path))
        {
            throw new UsageException($"--iocs {file}: no such file");
        }

        var bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        var parser = FindingParsers.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, DocumentReader.DetectionWindow))) ?? FindingParsers.Find("txt")
            ?? throw new UsageException($"--iocs {file}: not a recognised indicator feed");
        foreach (var result in parser.Parse(new MemoryStream(bytes), file, ct))
        {
            if (result.Error is { } error)
            {
                await env.Error.WriteLineAsync($"sniper: {error}").ConfigureAwait(false);
                continue;
            }

            foreach (var value in result.Finding!.Indicators.Concat(result.Finding.Domains))
            {
                set.Add(value);
            }
        }
    }
}
