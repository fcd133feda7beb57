using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Findings;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper incidents list|show</c>: findings grouped by affected resource and by indicator.</summary>
public static class IncidentsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("incidents", "Incidents: findings grouped by the resource they affect and by the indicator they share");

        var kind = new Option<IncidentKind?>("--kind") { Description = "Only incidents grouped by resource or by indicator" };
        var minSeverity = new Option<double?>("--min-severity") { Description = "Only incidents whose worst finding has at least this severity (0-10)" };
        var limit = new Option<int>("--limit") { Description = "At most this many (default 100)", DefaultValueFactory = _ => 100 };
        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Jsonl, OutputFormat.Csv, OutputFormat.Md);
        var list = new Command("list", "List incidents, most recently active first (use --min-severity to see only the serious ones)") { kind, minSeverity, limit, format };
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await KnowledgeBaseFactory.OpenAsync(parse, env, ct).ConfigureAwait(false);
            var rows = await store.ListIncidentsAsync(new IncidentQuery(parse.GetValue(kind), parse.GetValue(minSeverity), parse.GetValue(limit)), ct).ToListAsync(ct).ConfigureAwait(false);
            DataWriter.Write(env, parse.GetValue(format), rows, Views.IncidentColumns, title: "Incidents");
            return ExitCodes.Ok;
        });

        var id = new Argument<string>("id") { Description = "The incident id (inc-…)" };
        var showFormat = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var show = new Command("show", "Show one incident and its findings") { id, showFormat };
        show.SetAction(async (parse, ct) =>
        {
            await using var store = await KnowledgeBaseFactory.OpenAsync(parse, env, ct).ConfigureAwait(false);
            var incident = await store.GetIncidentAsync(parse.GetValue(id)!, ct).ConfigureAwait(false);
            if (incident is null)
            {
                env.Error.WriteLine($"sniper: no incident '{parse.GetValue(id)}'");
                return ExitCodes.Usage;
            }

            var findings = new List<Finding>();
            foreach (var findingId in incident.FindingIds)
            {
                if (await store.GetFindingAsync(findingId, ct).ConfigureAwait(false) is { } f)
                {
                    findings.Add(f);
                }
            }

            if (parse.GetValue(showFormat) == OutputFormat.Json)
            {
                DataWriter.Write(env, OutputFormat.Json, [incident], [], i => new { incident = i, findings = findings.Select(Views.FindingJson) });
                return ExitCodes.Ok;
            }

            DataWriter.Write(env, OutputFormat.Table, [incident], Views.IncidentColumns, title: "Incident");
            DataWriter.Write(env, OutputFormat.Table, findings, Views.FindingColumns, title: "Findings");
            return ExitCodes.Ok;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        return command;
    }
}
