using System.CommandLine;
using System.Globalization;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper ingest</c>: read findings and feeds into the knowledge base.</summary>
public static class IngestCommand
{
    public static Command Create(CliEnvironment env)
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Files, directories (recursive), globs, - for stdin, s3://bucket/prefix, sqs://queue-name-or-url",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string?>("--input-format")
        {
            Description = "Force an input format instead of detecting it: " + string.Join(", ", FindingParsers.All.Select(p => p.Key)),
        };
        var follow = new Option<bool>("--follow") { Description = "Keep polling SQS queues instead of stopping when they are empty" };
        var batch = new Option<int?>("--batch-size") { Description = "Findings per store transaction (default 1000)" };
        var output = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var respond = new Option<bool>("--respond") { Description = "Run the response playbooks on every committed batch (plan mode unless --apply or response.mode: enforce)" };
        var apply = new Option<bool>("--apply") { Description = "With --respond: execute the plan (enforce mode) instead of only storing and printing it" };

        var command = new Command("ingest", "Read GuardDuty, Security Hub, Inspector findings and IOC feeds into the knowledge base. " +
            "Formats and gzip are detected; a bad record is reported with its source and line and the rest is stored (exit 3).")
        {
            inputs, format, follow, batch, output, respond, apply,
        };
        command.SetAction(async (parse, ct) =>
        {
            var config = ConfigResolver.LoadOrThrow(parse, env);
            var forced = parse.GetValue(format) ?? config.Ingest.Format;
            if (forced is not null && FindingParsers.Find(forced) is null)
            {
                throw new UsageException($"--input-format must be one of {string.Join(", ", FindingParsers.All.Select(p => p.Key))}; got '{forced}'");
            }

            if (parse.GetValue(apply) && !parse.GetValue(respond))
            {
                throw new UsageException("--apply goes with --respond");
            }

            var options = new IngestOptions { Format = forced, BatchSize = parse.GetValue(batch) ?? config.Ingest.BatchSize, MaxDecompressedBytes = config.Ingest.MaxDecompressedBytes };
            await using var store = await KnowledgeBaseFactory.OpenAsync(KnowledgeBaseFactory.ResolveUri(parse, env, config), env, ct).ConfigureAwait(false);
            await using var sources = InputSources.Resolve(parse.GetValue(inputs)!, env, config, parse.GetValue(follow));
            await using var response = parse.GetValue(respond) ? await IngestResponse.OpenAsync(env, parse, parse.GetValue(apply), ct).ConfigureAwait(false) : null;
            if (response is not null)
            {
                options = options with { AfterCommitAsync = response.OnBatchAsync };
            }

            var report = await IngestRunner.RunAsync(store, sources.EnumerateAsync(ct), options, env, parse.GetValue(GlobalOptions.Quiet), ct).ConfigureAwait(false);

            IngestRunner.PrintRejections(report, env);
            WriteReport(env, parse.GetValue(output), report, response?.JsonPlans());
            if (parse.GetValue(output) != OutputFormat.Json)
            {
                response?.PrintPlans(parse.GetValue(output));
            }

            response?.PrintSummary();
            return response?.AnyAwsFailure == true ? ExitCodes.Aws : report.HasRejections ? ExitCodes.InputRejected : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Prints the outcome of an ingest as a table or JSON; JSON carries the response <paramref name="plans"/> when given.</summary>
    public static void WriteReport(CliEnvironment env, OutputFormat format, IngestReport report, IReadOnlyList<object>? plans = null)
    {
        var rate = report.Elapsed.TotalSeconds > 0 ? report.Records / report.Elapsed.TotalSeconds : 0;
        if (format == OutputFormat.Json)
        {
            var r = report;
            env.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
            {
                documents = r.Documents,
                records = r.Records,
                rejected = r.Rejected,
                inserted = r.Committed.Inserted,
                updated = r.Committed.Updated,
                unchanged = r.Committed.Unchanged,
                sightings = r.Committed.Sightings,
                findingsByType = r.FindingsByType,
                errors = r.Errors.Select(e => new { source = e.Source, line = e.Line, offset = e.Offset, reason = e.Reason }),
                elapsedSeconds = Math.Round(r.Elapsed.TotalSeconds, 3),
                findingsPerSecond = Math.Round(rate),
                plans,
            }, JsonOutput.Indented));
            return;
        }

        // The totals table is the summary that --quiet silences; JSON is asked for and is always written.
        if (env.Quiet)
        {
            return;
        }

        var rows = new (string Name, string Value)[]
        {
            ("documents", report.Documents.ToString("N0", CultureInfo.InvariantCulture)),
            ("findings read", report.Records.ToString("N0", CultureInfo.InvariantCulture)),
            ("inserted", report.Committed.Inserted.ToString("N0", CultureInfo.InvariantCulture)),
            ("updated", report.Committed.Updated.ToString("N0", CultureInfo.InvariantCulture)),
            ("unchanged", report.Committed.Unchanged.ToString("N0", CultureInfo.InvariantCulture)),
            ("IOC sightings", report.Committed.Sightings.ToString("N0", CultureInfo.InvariantCulture)),
            ("rejected", report.Rejected.ToString("N0", CultureInfo.InvariantCulture)),
            ("elapsed", $"{report.Elapsed.TotalSeconds:0.00} s ({rate:N0} findings/s)"),
        };
        DataWriter.Write(env, OutputFormat.Table, rows, [new("Ingest", r => r.Name), new("", r => r.Value, AlignRight: true)]);
    }
}
