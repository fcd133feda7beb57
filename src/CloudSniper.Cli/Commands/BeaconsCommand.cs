using System.CommandLine;
using System.Globalization;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Analytics;
using CloudSniper.Core.Analytics.Reports;
using CloudSniper.Core.Dns;
using CloudSniper.Core.FlowLogs;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper beacons</c>: finds command-and-control beaconing in VPC flow logs and ranks it.</summary>
public static class BeaconsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var inputs = FlowLogCommandSupport.Inputs();
        var since = FlowLogCommandSupport.Since();
        var until = FlowLogCommandSupport.Until();
        var internalNets = FlowLogCommandSupport.Internal();
        var allow = new Option<string[]>("--allow")
        {
            Description = "Destination never reported, repeatable or comma-separated: a CIDR, a file of CIDRs (one a line), or AWS's ip-ranges.json (every AWS service range)",
        };
        var allowAws = new Option<bool>("--allow-aws")
        {
            Description = "Never report destinations in AWS's own service ranges (S3, DynamoDB, CloudFront, Route 53 …; not EC2, where anyone can run a C2 server), from the snapshot 'sniper ip-ranges' keeps",
        };
        var minScore = new Option<double>("--min-score")
        {
            Description = "Score from which a pair is a beacon, 0 to 1",
            DefaultValueFactory = _ => BeaconOptions.DefaultThreshold,
        };
        var all = new Option<bool>("--all") { Description = "List every scored pair and strobe, not only the beacons" };
        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Csv, OutputFormat.Html);
        var output = FlowLogCommandSupport.Out();
        var assumeV2 = FlowLogCommandSupport.AssumeV2();
        var workers = FlowLogCommandSupport.Workers();
        var record = new Option<bool>("--no-record")
        {
            Description = $"Do not record the beacons; by default each beacon is recorded in the knowledge base (--store) as a finding of source analytics, type {BeaconFindings.Type}, with its destination as an indicator, so that playbooks can act on it",
        };

        var command = new Command(
            "beacons",
            "Find command-and-control beaconing in VPC flow logs: per internal source, external destination, port and protocol " +
            "(and per source and destination across ports), RITA's timestamp, data-size, histogram and duration scores, a periodicity " +
            "score that survives jitter and missed beats, and prevalence across the fleet, combined into a score from 0 to 1. " +
            "Prints the beacons ranked; counters and rejected lines go to stderr; exit 3 when lines were rejected.");
        command.Arguments.Add(inputs);
        var longConnections = new Option<bool>("--long-connections")
        {
            Description = "List long connections instead of beacons: (source, destination) pairs whose connections, records of each 5-tuple joined first, add up to 1 hour or more, in RITA's bands (base 1 h, low 4 h, medium 8 h, high 12 h)",
        };
        var dns = new Option<string[]>("--dns")
        {
            Description = "Route 53 Resolver query logs of the same hosts (as sniper dns reads them), repeatable: a pair whose destination a DNS detection of the same source resolved to moves half way to a score of 1",
        };
        foreach (var o in new Option[] { since, until, internalNets, allow, allowAws, minScore, all, format, output, assumeV2, workers, record, longConnections, dns })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (parse, ct) =>
        {
            var started = env.Time.GetTimestamp();
            var (from, to) = FlowLogCommandSupport.Window(parse.GetValue(since), parse.GetValue(until), env.Time.GetUtcNow());
            var threshold = parse.GetValue(minScore);
            if (threshold is < 0 or > 1)
            {
                throw new UsageException("--min-score must be between 0 and 1");
            }

            var options = new BeaconOptions
            {
                Threshold = threshold,
                Allow = AllowList(parse.GetValue(allow), parse.GetValue(allowAws), env),
                Since = from,
                Until = to,
            };
            var aggregation = new FlowAggregatorOptions { Internal = FlowLogCommandSupport.Networks(parse.GetValue(internalNets), "--internal"), Since = from, Until = to };
            var reader = new FlowLogReader(new FlowLogReaderOptions { HeaderlessFormat = parse.GetValue(assumeV2) ? FlowLogFormat.Default : null });
            var paths = parse.GetValue(inputs) ?? [];
            var quiet = parse.GetValue(GlobalOptions.Quiet);

            FlowPairs pairs;
            FlowReadCounters counters;

            // The scoring code compiles on a spare thread while the records are read.
            var prepared = Task.Run(BeaconAnalyzer.Prepare, ct);
            try
            {
                LocalInputs.RequireMatches(paths, env.CurrentDirectory);
                var read = FlowAggregation.ReadAsync(reader, FlowLogCommandSupport.Documents(paths, env, from, to, ct), aggregation, parse.GetValue(workers), ct);
                await FlowLogCommandSupport.ProgressAsync(env, quiet, reader, FlowLogCommandSupport.LocalSize(paths, env), read).ConfigureAwait(false);
                (pairs, counters) = await read.ConfigureAwait(false);
            }
            catch (Exception ex) when (FlowLogCommandSupport.IsAwsError(ex))
            {
                await env.Error.WriteLineAsync($"sniper: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Aws;
            }

            await prepared.ConfigureAwait(false);
            var report = BeaconAnalyzer.Analyze(pairs, options, ct);
            var dnsNotes = new List<string>();
            long dnsRejectedTotal = 0;
            if (parse.GetValue(dns) is { Length: > 0 } dnsPaths)
            {
                var config = ConfigResolver.LoadOrThrow(parse, env);
                LocalInputs.RequireMatches(dnsPaths, env.CurrentDirectory);
                long dnsRejected = 0;
                DnsAnalysisResult analysis;
                try
                {
                    analysis = await DnsQueryLogAnalysis.AnalyzeAsync(DnsCommand.Documents(dnsPaths, env, from, to, ct), config.Dns.ToOptions(from, to), DnsCommand.LoadSuffixes(config.Dns.PublicSuffixList, env), null, e =>
                    {
                        if (dnsRejected++ < 10)
                        {
                            dnsNotes.Add($"  {e}");
                        }
                    }, cancellationToken: ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (FlowLogCommandSupport.IsAwsError(ex))
                {
                    await env.Error.WriteLineAsync($"sniper: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.Aws;
                }

                report = BeaconDnsCorroboration.Apply(report, analysis.Report.Detections);
                dnsNotes.Insert(0, string.Create(CultureInfo.InvariantCulture,
                    $"DNS: queries {analysis.Counters.Queries:N0}, detections {analysis.Report.Detections.Count:N0}, pairs corroborated {report.Scored.Count(b => b.DnsDomain is not null):N0}, rejected lines {dnsRejected:N0}"));
                dnsRejectedTotal = dnsRejected;
            }

            var rows = parse.GetValue(all) ? report.Scored : report.Beacons;
            var longs = LongConnectionAnalyzer.Find(pairs, options);
            var showLong = parse.GetValue(longConnections);
            var fmt = parse.GetValue(format);
            var elapsed = env.Time.GetElapsedTime(started);
            IEnumerable<string> summary = [.. Summary(report, pairs.Counters, counters.Records), LongSummary(longs, showLong), .. dnsNotes];
            if (counters.Records == 0)
            {
                // Without records the window is the empty default (1970), which reads like a result; say what happened instead.
                await env.Error.WriteLineAsync($"sniper: no flow records read from {string.Join(", ", paths)}").ConfigureAwait(false);
            }

            await FlowLogCommandSupport.WriteOutputAsync(env, parse.GetValue(output), e =>
            {
                if (showLong)
                {
                    DataWriter.Write(e, fmt, longs, LongColumns, LongJson, title: fmt == OutputFormat.Table ? "Long connections" : fmt == OutputFormat.Html ? "Cloud Sniper: long connections" : null);
                }
                else if (fmt == OutputFormat.Html)
                {
                    BeaconHtmlReport.Write(e.Out, report, rows, [.. summary]);
                    e.Out.Flush();
                }
                else
                {
                    DataWriter.Write(e, fmt, rows, Columns, Json, title: fmt == OutputFormat.Table ? "Beacons" : null);
                }
            }).ConfigureAwait(false);

            if (!parse.GetValue(record) && report.Beacons.Count > 0)
            {
                await using var store = await KnowledgeBaseFactory.OpenAsync(parse, env, ct).ConfigureAwait(false);
                var committed = await store.CommitAsync(BeaconFindings.From(report.Beacons, env.Time.GetUtcNow()), ct).ConfigureAwait(false);
                summary = [.. summary, string.Create(CultureInfo.InvariantCulture,
                    $"recorded {report.Beacons.Count:N0} beacon finding(s): {committed.Inserted:N0} new, {committed.Updated:N0} updated, {committed.Unchanged:N0} unchanged, {committed.Sightings:N0} indicator sighting(s)")];
            }

            if (!quiet)
            {
                var extra = summary.ToList();
                foreach (var s in report.Strobes.Take(10))
                {
                    extra.Add($"  strobe: {s.Src} -> {s.Dst}:{s.DstPort}/{BeaconHtmlReport.ProtocolName(s.Protocol)}, {s.Connections:N0} connections");
                }

                FlowLogCommandSupport.PrintCounters(env, counters, extra, elapsed);
            }

            return counters.Rejected > 0 || dnsRejectedTotal > 0 ? ExitCodes.InputRejected : ExitCodes.Ok;
        });
        return command;
    }

    private static IEnumerable<string> Summary(BeaconReport report, FlowAggregatorCounters o, long records)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"pairs {report.Pairs:N0}, scored {report.ScoredPairs:N0}, beacons {report.Beacons.Count:N0}, strobes {report.Strobes.Count:N0}, allow-listed {report.AllowListed:N0}, internal hosts {report.InternalHosts:N0}");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"records outbound {o.Outbound:N0}, inbound {o.Inbound:N0}, internal only {o.InternalOnly:N0}, external only {o.ExternalOnly:N0}, outside the window {o.OutsideWindow:N0}");
        if (records > 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"window {report.WindowStart:u} to {report.WindowEnd:u}");
        }
    }

    private static string LongSummary(IReadOnlyList<LongConnection> longs, bool shown)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"long connections {longs.Count:N0} (high {longs.Count(c => c.Level == LongConnectionLevel.High):N0}, medium {longs.Count(c => c.Level == LongConnectionLevel.Medium):N0}, low {longs.Count(c => c.Level == LongConnectionLevel.Low):N0}, base {longs.Count(c => c.Level == LongConnectionLevel.Base):N0})");
        return shown || longs.Count == 0 ? text : text + "; --long-connections lists them";
    }

    private static readonly Column<LongConnection>[] LongColumns =
    [
        new("level", c => c.Level.ToString().ToLowerInvariant()),
        new("src", c => c.Src.ToString(), Whole: true),
        new("dst", c => c.Dst.ToString(), Whole: true),
        new("ports", c => string.Join(" ", c.Ports.Select(p => $"{p.Port}/{BeaconHtmlReport.ProtocolName(p.Protocol)}")), Drop: 2),
        new("total", c => BeaconHtmlReport.Duration(c.TotalSeconds), AlignRight: true),
        new("longest", c => BeaconHtmlReport.Duration(c.LongestSeconds), AlignRight: true, Drop: 3),
        new("connections", c => c.Connections, AlignRight: true, Drop: 4),
        new("bytes", c => c.Bytes, AlignRight: true, Drop: 5),
        new("first seen", c => c.FirstSeen, Drop: 1),
        new("last seen", c => c.LastSeen, Drop: 1),
    ];

    private static object LongJson(LongConnection c) => new
    {
        src = c.Src.ToString(),
        dst = c.Dst.ToString(),
        level = c.Level.ToString().ToLowerInvariant(),
        totalSeconds = c.TotalSeconds,
        longestSeconds = c.LongestSeconds,
        connections = c.Connections,
        bytes = c.Bytes,
        ports = c.Ports.Select(p => new { port = p.Port, protocol = p.Protocol, protocolName = BeaconHtmlReport.ProtocolName(p.Protocol) }).ToList(),
        firstSeen = c.FirstSeen,
        lastSeen = c.LastSeen,
    };

    private static readonly Column<Beacon>[] Columns =
    [
        new("score", b => b.IsStrobe ? "strobe" : b.Score.ToString("0.000", CultureInfo.InvariantCulture), AlignRight: true),
        new("src", b => b.Src.ToString(), Whole: true),
        new("dst", b => b.Dst.ToString(), Whole: true),
        new("port", b => b.AcrossPorts ? string.Join(",", b.Ports) : b.DstPort.ToString(CultureInfo.InvariantCulture), AlignRight: true),
        new("proto", b => BeaconHtmlReport.ProtocolName(b.Protocol)),
        new("period", b => BeaconHtmlReport.Duration(b.Period), AlignRight: true),
        new("conns", b => b.Connections, AlignRight: true),
        new("first seen", b => b.FirstSeen, Drop: 2),
        new("last seen", b => b.LastSeen, Drop: 1),
        new("ts", b => b.TimestampScore, AlignRight: true, Drop: 8, Meaning: "timestamp score"),
        new("ds", b => b.DataSizeScore, AlignRight: true, Drop: 7, Meaning: "data size score"),
        new("hist", b => b.HistogramScore, AlignRight: true, Drop: 6, Meaning: "histogram score"),
        new("dur", b => b.DurationScore, AlignRight: true, Drop: 5, Meaning: "duration score"),
        new("per", b => b.PeriodicityScore, AlignRight: true, Drop: 4, Meaning: "periodicity score"),
        new("prev", b => b.PrevalenceScore, AlignRight: true, Drop: 3, Meaning: "prevalence score"),
        new("hosts", b => b.Prevalence, AlignRight: true, Drop: 9),
    ];

    private static object Json(Beacon b) => new
    {
        src = b.Src.ToString(),
        dst = b.Dst.ToString(),
        dstPort = b.DstPort,
        protocol = b.Protocol,
        protocolName = BeaconHtmlReport.ProtocolName(b.Protocol),
        score = b.Score,
        isBeacon = b.IsBeacon,
        strobe = b.IsStrobe,
        dnsDomain = b.DnsDomain,
        timestampScore = b.TimestampScore,
        dataSizeScore = b.DataSizeScore,
        histogramScore = b.HistogramScore,
        durationScore = b.DurationScore,
        ritaScore = b.RitaScore,
        periodicityScore = b.PeriodicityScore,
        prevalenceScore = b.PrevalenceScore,
        prevalence = b.Prevalence,
        connections = b.Connections,
        uniqueTimestamps = b.UniqueTimestamps,
        records = b.Records,
        bytes = b.Bytes,
        firstSeen = b.FirstSeen,
        lastSeen = b.LastSeen,
        period = b.Period,
        acrossPorts = b.AcrossPorts,
        ports = b.Ports,
    };

    /// <summary>The allow-list from --allow values: CIDRs, files of CIDRs, or AWS's ip-ranges.json.</summary>
    private static NetworkSet? AllowList(string[]? values, bool aws, CliEnvironment env)
    {
        if ((values is null || values.Length == 0) && !aws)
        {
            return null;
        }

        var set = new NetworkSet();
        if (aws)
        {
            // The snapshot 'sniper ip-ranges refresh' installed, else the one bundled with the tool.
            var installed = ResponseHost.IpRangesPath(env);
            using var stream = File.Exists(installed)
                ? File.OpenRead(installed)
                : typeof(Core.Response.Guards.AwsIpRanges).Assembly.GetManifestResourceStream(Core.Response.Guards.AwsIpRanges.BundledResourceName)
                  ?? throw new UsageException("--allow-aws: no AWS ip-ranges snapshot is bundled or installed; run 'sniper ip-ranges refresh'");
            foreach (var n in NetworkSet.FromAwsIpRanges(stream, NetworkSet.IsAwsServiceEndpoint).Networks)
            {
                set.Add(n);
            }
        }

        values ??= [];
        foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (Core.Net.IpNetwork.TryParse(value, out var network))
            {
                set.Add(network.Value);
                continue;
            }

            var path = Path.IsPathRooted(value) ? value : Path.Combine(env.CurrentDirectory, value);
            if (!File.Exists(path))
            {
                throw new UsageException($"--allow '{value}' is neither a CIDR nor a file");
            }

            var text = File.ReadAllText(path);
            if (text.TrimStart().StartsWith('{'))
            {
                try
                {
                    using var stream = File.OpenRead(path);
                    foreach (var n in NetworkSet.FromAwsIpRanges(stream).Networks)
                    {
                        set.Add(n);
                    }
                }
                catch (System.Text.Json.JsonException ex)
                {
                    throw new UsageException($"--allow {value}: not AWS ip-ranges JSON: {ex.Message}");
                }

                continue;
            }

            var lineNo = 0;
            foreach (var line in text.Split('\n'))
            {
                lineNo++;
                var t = line.Split('#')[0].Trim();
                if (t.Length == 0)
                {
                    continue;
                }

                if (!Core.Net.IpNetwork.TryParse(t, out var n))
                {
                    throw new UsageException($"--allow {value}:{lineNo}: '{t}' is not a CIDR");
                }

                set.Add(n.Value);
            }
        }

        return set;
    }
}
