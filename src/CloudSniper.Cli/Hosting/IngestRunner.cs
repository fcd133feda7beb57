using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.KnowledgeBase;
using Spectre.Console;

namespace CloudSniper.Cli.Hosting;

/// <summary>Runs the ingestion pipeline with the registered parsers and IOC rules, drawing progress on a terminal.</summary>
public static class IngestRunner
{
    /// <summary>The parsers and extraction rules every ingest uses.</summary>
    public static IngestComponents Components { get; } = new(DocumentReader.Read, IocExtractor.Extract);

    /// <summary>Ingests <paramref name="documents"/> into <paramref name="store"/>; progress on stderr only when it is a terminal.</summary>
    public static async Task<IngestReport> RunAsync(
        IKnowledgeBase store,
        IAsyncEnumerable<InputDocument> documents,
        IngestOptions options,
        CliEnvironment env,
        bool quiet,
        CancellationToken cancellationToken)
    {
        var components = Components with { Read = (stream, source, format, ct) => DocumentReader.Read(stream, source, format, options.MaxDecompressedBytes, ct) };
        var pipeline = new IngestPipeline(store, components, options);
        if (quiet || !env.ErrorIsTerminal)
        {
            return await pipeline.RunAsync(documents, null, cancellationToken).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(env.Error),
            ColorSystem = string.IsNullOrEmpty(env.GetVariable("NO_COLOR")) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        IngestReport? report = null;
        await console.Progress()
            .AutoClear(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("ingesting", maxValue: double.MaxValue);
                task.IsIndeterminate = true;
                var progress = new Progress<IngestProgress>(p =>
                    task.Description = $"{p.Documents:N0} documents, {p.Records:N0} findings, {p.Committed:N0} stored, {p.Rejected:N0} rejected");
                report = await pipeline.RunAsync(documents, progress, cancellationToken).ConfigureAwait(false);
                task.StopTask();
            }).ConfigureAwait(false);
        return report!;
    }

    /// <summary>Writes the rejected records to stderr: the first 20 in full, then a count.</summary>
    public static void PrintRejections(IngestReport report, CliEnvironment env)
    {
        if (report.Rejected == 0)
        {
            return;
        }

        foreach (var error in report.Errors.Take(20))
        {
            env.Error.WriteLine($"rejected: {error}");
        }

        if (report.Rejected > 20)
        {
            env.Error.WriteLine($"… and {report.Rejected - 20:N0} more rejected record(s)");
        }

        foreach (var hint in report.Errors.Select(IngestHints.For).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            env.Error.WriteLine("sniper: hint: " + hint);
        }
    }
}
