using System.CommandLine;
using System.Globalization;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Analytics;
using CloudSniper.Core.Analytics.Hunt;
using CloudSniper.Core.Analytics.Reports;
using CloudSniper.Core.FlowLogs;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper hunt</c>: every internal host that talked to a known indicator in past flow logs.</summary>
public static class HuntCommand
{
    public static Command Create(CliEnvironment env)
    {
        var inputs = FlowLogCommandSupport.Inputs();
        var iocs = new Option<string[]>("--iocs")
        {
            Description = "Indicators to hunt, repeatable: a plain list, CSV or STIX 2.1 bundle of IPs and CIDRs (default: the knowledge base's active IP and CIDR indicators; domains and URLs cannot be matched against flow logs and are counted apart)",
        };
        var since = FlowLogCommandSupport.Since();
        var until = FlowLogCommandSupport.Until();
        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Csv);
        var output = FlowLogCommandSupport.Out();
        var assumeV2 = FlowLogCommandSupport.AssumeV2();
        var workers = FlowLogCommandSupport.Workers();
        var record = new Option<bool>("--no-record")
        {
            Description = "Do not record the contacts; by default each host's contact with an indicator is recorded as a sighting (source analytics) in the knowledge base (--store)",
        };
        var command = new Command(
            "hunt",
            "Retro-hunt indicators through VPC flow logs: every internal host that talked to an IP or CIDR indicator, in which " +
            "direction, when, how often and how many bytes. Counters and rejected lines go to stderr; exit 3 when lines were rejected.");
        command.Arguments.Add(inputs);
        foreach (var o in new Option[] { iocs, since, until, format, output, assumeV2, workers, record })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var started = env.Time.GetTimestamp();
            var files = parse.GetValue(iocs) ?? [];
            var (from, to) = FlowLogCommandSupport.Window(parse.GetValue(since), parse.GetValue(until), env.Time.GetUtcNow());
            var matcher = new IocMatcher();
            var iocErrors = 0L;
            foreach (var file in files)
            {
                iocErrors += await LoadIocsAsync(file, env, matcher, ct).ConfigureAwait(false);
            }

            if (files.Length == 0)
            {
                var config = ConfigResolver.LoadOrThrow(parse, env);
                await using var store = await KnowledgeBaseFactory.OpenAsync(KnowledgeBaseFactory.ResolveUri(parse, env, config), env, ct).ConfigureAwait(false);
                var query = new IocQuery(ActiveOnly: true, Now: env.Time.GetUtcNow(), Limit: int.MaxValue, Ttl: KnowledgeBaseRules.IocTtl(config.IocTtlDays));
                await foreach (var ioc in store.ListIocsAsync(query, ct).ConfigureAwait(false))
                {
                    matcher.Add(ioc.Value);
                }
            }

            if (matcher.IsEmpty)
            {
                throw new UsageException(files.Length == 0
                    ? "the knowledge base holds no active IP or CIDR indicator: give --iocs FILE"
                    : $"no IP or CIDR indicator in {string.Join(", ", files)}");
            }

            var aggregation = new FlowAggregatorOptions { Since = from, Until = to };
            var count = Math.Max(1, parse.GetValue(workers) > 0 ? parse.GetValue(workers) : Environment.ProcessorCount);
            var sinks = Enumerable.Range(0, count).Select(_ => new HuntAggregator(matcher, aggregation)).ToArray();
            var reader = new FlowLogReader(new FlowLogReaderOptions { HeaderlessFormat = parse.GetValue(assumeV2) ? FlowLogFormat.Default : null });
            var paths = parse.GetValue(inputs) ?? [];
            var quiet = parse.GetValue(GlobalOptions.Quiet);
            FlowReadCounters counters;
            try
            {
                LocalInputs.RequireMatches(paths, env.CurrentDirectory);
                var read = reader.ReadAsync(FlowLogCommandSupport.Documents(paths, env, from, to, ct), sinks, ct);
                await FlowLogCommandSupport.ProgressAsync(env, quiet, reader, FlowLogCommandSupport.LocalSize(paths, env), read).ConfigureAwait(false);
                counters = await read.ConfigureAwait(false);
            }
            catch (Exception ex) when (FlowLogCommandSupport.IsAwsError(ex))
            {
                await env.Error.WriteLineAsync($"sniper: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Aws;
            }

            for (var i = 1; i < sinks.Length; i++)
            {
                sinks[0].Merge(sinks[i]);
            }

            var rows = sinks[0].Results();
            var recorded = "";
            if (!parse.GetValue(record) && rows.Count > 0)
            {
                await using var store = await KnowledgeBaseFactory.OpenAsync(parse, env, ct).ConfigureAwait(false);
                recorded = await RecordAsync(store, rows, ct).ConfigureAwait(false);
            }

            var fmt = parse.GetValue(format);
            await FlowLogCommandSupport.WriteOutputAsync(env, parse.GetValue(output), e =>
                DataWriter.Write(e, fmt, rows, Columns, Json, title: fmt == OutputFormat.Table ? "Hunt" : null)).ConfigureAwait(false);

            if (!quiet)
            {
                FlowLogCommandSupport.PrintCounters(env, counters,
                [
                    string.Create(CultureInfo.InvariantCulture,
                        $"indicators {matcher.Values.Count:N0} (unmatchable domains or URLs {matcher.Unmatchable:N0}, unreadable {iocErrors:N0}); matching records {sinks[0].Matched:N0}; hosts {rows.Select(r => r.Src).Distinct().Count():N0}; indicators seen {rows.Select(r => r.Dst).Distinct().Count():N0}{recorded}"),
                ],
                env.Time.GetElapsedTime(started));
            }

            return counters.Rejected > 0 ? ExitCodes.InputRejected : ExitCodes.Ok;
        });
        return command;
    }

    private static readonly Column<HuntSighting>[] Columns =
    [
        new("src", r => r.Src, Whole: true),
        new("dst", r => r.Dst, Whole: true),
        new("port", r => r.DstPort, AlignRight: true),
        new("proto", r => BeaconHtmlReport.ProtocolName(r.Protocol)),
        new("direction", r => r.Direction, Drop: 3),
        new("first seen", r => r.FirstSeen, Drop: 2),
        new("last seen", r => r.LastSeen),
        new("conns", r => r.Connections, AlignRight: true),
        new("bytes", r => r.Bytes, AlignRight: true),
        new("rejected", r => r.Rejected, AlignRight: true, Drop: 1),
    ];

    private static object Json(HuntSighting r) => new
    {
        src = r.Src,
        dst = r.Dst,
        dstPort = r.DstPort,
        protocol = r.Protocol,
        direction = r.Direction,
        firstSeen = r.FirstSeen,
        lastSeen = r.LastSeen,
        connections = r.Connections,
        bytes = r.Bytes,
        bytesOut = r.BytesOut,
        bytesIn = r.BytesIn,
        records = r.Records,
        rejected = r.Rejected,
    };

    /// <summary>
    /// Records one sighting (source analytics) per host and indicator at its last contact, keeping the indicator's own
    /// expiry and description: a hunt adds evidence, it does not change what the feed said.
    /// </summary>
    private static async Task<string> RecordAsync(IKnowledgeBase store, IReadOnlyList<HuntSighting> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows.OrderBy(r => r.LastSeen))
        {
            if (!IocValue.TryNormalize(row.Dst, out var value, out var type))
            {
                continue;
            }

            var existing = await store.GetIocAsync(value, ct).ConfigureAwait(false);
            var description = existing?.Description ?? string.Create(CultureInfo.InvariantCulture,
                $"seen in flow logs: {row.Src} {row.Direction}, {row.Connections} connection(s) on port {row.DstPort}, {row.FirstSeen:u} to {row.LastSeen:u}");
            await store.AddIocAsync(new IocObservation(value, type, IocRole.MaliciousHost, 0), "analytics", row.LastSeen, existing?.ExpiresAt, description, ct).ConfigureAwait(false);
            count++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"; recorded {count:N0} sighting(s)");
    }

    /// <summary>Reads a feed file with whichever finding parser recognises it and adds its IP and CIDR indicators; returns the records the parser rejected.</summary>
    private static async Task<long> LoadIocsAsync(string file, CliEnvironment env, IocMatcher matcher, CancellationToken ct)
    {
        var path = Path.IsPathRooted(file) ? file : Path.Combine(env.CurrentDirectory, file);
        if (!File.Exists(path))
        {
            throw new UsageException($"--iocs {file}: no such file");
        }

        var bytes = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        var parser = FindingParsers.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, 65536))) ?? FindingParsers.Find("txt")
            ?? throw new UsageException($"--iocs {file}: not a recognised indicator feed");
        long errors = 0;
        foreach (var result in parser.Parse(new MemoryStream(bytes), file, ct))
        {
            if (result.Error is { } error)
            {
                errors++;
                await env.Error.WriteLineAsync($"sniper: {error}").ConfigureAwait(false);
                continue;
            }

            var finding = result.Finding!;
            foreach (var indicator in finding.Indicators)
            {
                matcher.Add(indicator);
            }

            foreach (var remote in finding.RemoteIps)
            {
                matcher.Add(remote.Address);
            }
        }

        return errors;
    }
}
