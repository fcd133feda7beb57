using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Ingestion.Sources;
using CloudSniper.Core.KnowledgeBase;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper demo</c>: the whole pipeline on the bundled samples, on a fresh embedded store, without AWS.</summary>
public static class DemoCommand
{
    public static Command Create(CliEnvironment env)
    {
        var keep = new Option<bool>("--keep") { Description = "Keep the demo's knowledge base and print its path, to explore it with the other verbs" };
        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Md);
        var command = new Command("demo", "Run Cloud Sniper on its bundled samples (GuardDuty findings of the main families, a Security Hub file, IOC feeds) " +
            "on a fresh embedded store, with no AWS account, and print what it found") { keep, format };
        command.SetAction(async (parse, ct) =>
        {
            var samples = Samples.Directory();
            var workDir = System.IO.Directory.CreateTempSubdirectory("sniper-demo-").FullName;
            var demoEnv = Isolated(env, workDir);
            var output = parse.GetValue(format);
            try
            {
                var storePath = Path.Combine(workDir, "demo.db");
                await using (var store = await KnowledgeBaseFactory.OpenAsync("sqlite:" + storePath, env, ct).ConfigureAwait(false))
                {
                    var documents = Documents(samples, env, "findings", "feeds");
                    var report = await IngestRunner.RunAsync(store, documents, new IngestOptions(), env, quiet: true, ct).ConfigureAwait(false);
                    IngestRunner.PrintRejections(report, env);
                    await PrintAsync(env, output, store, report, ct).ConfigureAwait(false);
                    await PrintPlanAsync(env, demoEnv, parse, output, store, ct).ConfigureAwait(false);
                    if (report.HasRejections)
                    {
                        return ExitCodes.InputRejected;
                    }
                }

                if (parse.GetValue(keep))
                {
                    env.Error.WriteLine($"The demo knowledge base is kept: use --store sqlite:{storePath} with the other verbs.");
                }

                return ExitCodes.Ok;
            }
            finally
            {
                if (!parse.GetValue(keep))
                {
                    TryDelete(workDir);
                }
            }
        });
        return command;
    }

    private static async IAsyncEnumerable<InputDocument> Documents(string samples, CliEnvironment env, params string[] folders)
    {
        foreach (var folder in folders)
        {
            var path = Path.Combine(samples, folder);
            if (!System.IO.Directory.Exists(path))
            {
                continue;
            }

            await foreach (var document in new FileInputSource(path, env.CurrentDirectory, env.OpenStdin).EnumerateAsync().ConfigureAwait(false))
            {
                yield return document;
            }
        }
    }

    private static async Task PrintAsync(CliEnvironment env, OutputFormat format, IKnowledgeBase store, IngestReport report, CancellationToken ct)
    {
        var byType = report.FindingsByType.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        env.Out.WriteLine($"Cloud Sniper demo: {report.Records} findings read from {report.Documents} sample documents in {report.Elapsed.TotalMilliseconds:N0} ms, " +
            $"{report.Committed.Sightings} indicator sightings recorded.");
        env.Out.WriteLine();
        DataWriter.Write(env, format, byType, [new("Finding type", t => t.Key), new("Findings", t => t.Value, AlignRight: true)], title: "Findings by type");
        env.Out.WriteLine();

        var iocs = await store.ListIocsAsync(new IocQuery(Limit: 25), ct).ToListAsync(ct).ConfigureAwait(false);
        DataWriter.Write(env, format, iocs, Views.IocColumns, title: "Indicators of compromise (knowledge base)");
        env.Out.WriteLine();

        var incidents = (await store.ListIncidentsAsync(new IncidentQuery(), ct).ToListAsync(ct).ConfigureAwait(false))
            .OrderByDescending(i => i.MaxSeverity).ThenByDescending(i => i.FindingIds.Length).ThenByDescending(i => i.LastSeen).Take(15).ToList();
        DataWriter.Write(env, format, incidents, Views.IncidentColumns, title: "Incidents, most severe first");
    }

    /// <summary>
    /// Shows what the built-in playbook would do with the samples, in plan mode and without AWS: the own-address
    /// guard needs the account and is left out, every other guard applies.
    /// </summary>
    private static async Task PrintPlanAsync(CliEnvironment env, CliEnvironment demoEnv, System.CommandLine.ParseResult parse, OutputFormat format, IKnowledgeBase store, CancellationToken ct)
    {
        await using var host = await ResponseHost.OpenAsync(demoEnv, parse, [], ct).ConfigureAwait(false);
        var findings = await store.ListFindingsAsync(new FindingQuery(Limit: 10_000), ct).ToListAsync(ct).ConfigureAwait(false);
        var plan = host.Engine().Plan(findings, new PlanningInput("plan-demo", env.Time.GetUtcNow(), ResponseMode.Plan));
        env.Out.WriteLine();
        PlanWriter.Write(env, format, plan, new Dictionary<string, ActionOutcome>());
        env.Out.WriteLine("Nothing was changed: response is dry-run unless --apply or mode: enforce. Run the same on your own findings with 'sniper respond FILES'.");
    }

    /// <summary>An environment whose store and data directory are the demo's own, so the user's knowledge base is never touched.</summary>
    private static CliEnvironment Isolated(CliEnvironment env, string workDir) => new()
    {
        Out = env.Out,
        Error = env.Error,
        OpenStdin = env.OpenStdin,
        OutIsTerminal = env.OutIsTerminal,
        ErrorIsTerminal = env.ErrorIsTerminal,
        Time = env.Time,
        CurrentDirectory = env.CurrentDirectory,
        SniperVariables = () => [],
        GetVariable = name => name switch
        {
            "SNIPER_HOME" => workDir,
            "SNIPER_STORE" => "sqlite:" + Path.Combine(workDir, "demo.db"),
            "SNIPER_CONFIG" => null,
            _ => env.GetVariable(name),
        },
    };

    private static void TryDelete(string dir)
    {
        try
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind is harmless.
        }
    }
}
