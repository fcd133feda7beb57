using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Exports;
using CloudSniper.Core.Findings;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper findings list|show|export</c>: the normalised findings in the knowledge base.</summary>
public static class FindingsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("findings", "Findings in the knowledge base: list, show one (with its original document), export as OCSF or ASFF");
        var source = new Option<FindingSource?>("--source") { Description = "Only findings from this source" };
        var type = new Option<string?>("--type") { Description = "Only types starting with this text, e.g. UnauthorizedAccess:EC2" };
        var minSeverity = new Option<double?>("--min-severity") { Description = "Only findings of at least this severity (0-10)" };
        var account = new Option<string?>("--account") { Description = "Only this AWS account" };
        var limit = new Option<int>("--limit") { Description = "At most this many (default 100)", DefaultValueFactory = _ => 100 };

        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Jsonl, OutputFormat.Csv, OutputFormat.Md);
        var list = new Command("list", "List findings") { source, type, minSeverity, account, limit, format };
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await KnowledgeBaseFactory.OpenAsync(parse, env, ct).ConfigureAwait(false);
            var query = new FindingQuery(parse.GetValue(source), parse.GetValue(type), parse.GetValue(minSeverity), parse.GetValue(account), parse.GetValue(limit));
            var rows = await store.ListFindingsAsync(query, ct).ToListAsync(ct).ConfigureAwait(false);
            DataWriter.Write(env, parse.GetValue(format), rows, Views.FindingColumns, Views.FindingJson, "Findings");
            return ExitCodes.Ok;
        });

        var id = new Argument<string>("id") { Description = "The finding id" };
        var raw = new Option<bool>("--raw") { Description = "Print the original document exactly as it was received" };
        var show = new Command("show", "Show one finding as normalised JSON, or its original document") { id, raw };
        show.SetAction(async (parse, ct) =>
        {
            await using var store = await KnowledgeBaseFactory.OpenAsync(parse, env, ct).ConfigureAwait(false);
            var finding = await store.GetFindingAsync(parse.GetValue(id)!, ct).ConfigureAwait(false);
            if (finding is null)
            {
                env.Error.WriteLine($"sniper: no finding '{parse.GetValue(id)}'");
                return ExitCodes.Usage;
            }

            if (parse.GetValue(raw))
            {
                env.Out.WriteLine(finding.Raw);
            }
            else
            {
                DataWriter.Write(env, OutputFormat.Json, [finding with { Raw = "" }], []);
            }

            return ExitCodes.Ok;
        });

        var exportFormat = new Option<string>("--format")
        {
            Description = "Interchange format: " + string.Join(", ", FindingExporters.All.Select(e => $"{e.Key} ({e.Description})")),
            DefaultValueFactory = _ => "ocsf",
        };
        exportFormat.AcceptOnlyFromAmong([.. FindingExporters.All.Select(e => e.Key)]);
        var outFile = new Option<string?>("--out", "-o") { Description = "Write to this file instead of stdout" };
        var all = new Option<int?>("--limit") { Description = "At most this many findings (default: all)" };
        var export = new Command("export", "Export findings as OCSF Detection Findings or ASFF") { exportFormat, outFile, source, type, minSeverity, account, all };
        export.SetAction(async (parse, ct) =>
        {
            var exporter = FindingExporters.Find(parse.GetValue(exportFormat)!)!;
            await using var store = await KnowledgeBaseFactory.OpenAsync(parse, env, ct).ConfigureAwait(false);
            var query = new FindingQuery(parse.GetValue(source), parse.GetValue(type), parse.GetValue(minSeverity), parse.GetValue(account), parse.GetValue(all) ?? int.MaxValue);
            var findings = store.ListFindingsAsync(query, ct);
            if (parse.GetValue(outFile) is { } path)
            {
                var full = Path.Combine(env.CurrentDirectory, path);
                await using var file = File.Create(full);
                await exporter.WriteAsync(findings, file, env.Time.GetUtcNow(), ct).ConfigureAwait(false);
                env.Notes.WriteLine($"wrote {full}");
            }
            else
            {
                await using var stdout = new TextWriterStream(env.Out);
                await exporter.WriteAsync(findings, stdout, env.Time.GetUtcNow(), ct).ConfigureAwait(false);
                await env.Out.WriteLineAsync().ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        command.Subcommands.Add(export);
        return command;
    }
}
