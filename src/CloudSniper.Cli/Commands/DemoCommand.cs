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
        var reportDir = new Option<string>("--report-dir") { Description = "Where the demo writes its runbook report (HTML, Markdown, JSON)", DefaultValueFactory = _ => "sniper-demo-report" };
        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Md);
        var command = new Command("demo", "Run Cloud Sniper on its bundled samples (GuardDuty findings of the main families, a Security Hub file, IOC feeds) " +
            "on a fresh embedded store, with no AWS account, and print what it found") { keep, reportDir, format };
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
                    await PrintBeaconsAsync(demoEnv, samples, output, ct).ConfigureAwait(false);
                    await PrintDnsAsync(demoEnv, samples, output, ct).ConfigureAwait(false);
                    await PrintIamReviewAsync(demoEnv, samples, output, ct).ConfigureAwait(false);
                    await PrintRunbookAsync(demoEnv, samples, Path.Combine(env.CurrentDirectory, parse.GetValue(reportDir)!), ct).ConfigureAwait(false);
                    env.Out.WriteLine();
                    env.Out.WriteLine("Keep watching: SNIPER_API_KEY=$(openssl rand -hex 24) sniper serve, then sign in to the dashboard at http://127.0.0.1:8080/ with that key.");
                    if (report.HasRejections)
                    {
                        return ExitCodes.InputRejected;
                    }
                }

                if (parse.GetValue(keep))
                {
                    env.Notes.WriteLine($"The demo knowledge base is kept: use --store sqlite:{storePath} with the other verbs.");
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

    /// <summary>Beacon analytics on the bundled flow logs, which carry planted beacons and fleet-wide agents.</summary>
    private static async Task PrintBeaconsAsync(CliEnvironment env, string samples, OutputFormat format, CancellationToken ct)
    {
        var flows = Path.Combine(samples, "flowlogs", "vpc-flow-logs-sample.log.gz");
        if (!File.Exists(flows))
        {
            return;
        }

        env.Out.WriteLine();
        env.Out.WriteLine("Cloud Sniper Analytics: command-and-control beaconing in the sample VPC Flow Logs (sniper beacons)");
        await CliApp.RunAsync(["beacons", flows, "--format", format == OutputFormat.Md ? "md" : "table", "--quiet"], env, ct).ConfigureAwait(false);
    }

    /// <summary>DNS analytics on the bundled Resolver query logs, which carry one tunnel beside a CDN the whole fleet queries.</summary>
    private static async Task PrintDnsAsync(CliEnvironment env, string samples, OutputFormat format, CancellationToken ct)
    {
        var logs = Path.Combine(samples, "dnslogs");
        if (!System.IO.Directory.Exists(logs))
        {
            return;
        }

        env.Out.WriteLine();
        env.Out.WriteLine("Cloud Sniper Analytics: a DNS tunnel in the sample Route 53 Resolver query logs (sniper dns)");
        await CliApp.RunAsync(["dns", logs, "--format", format == OutputFormat.Md ? "md" : "table", "--quiet", "--no-record"], env, ct).ConfigureAwait(false);
    }

    /// <summary>The IAM review of the bundled credential report and authorisation details, as of the samples' date.</summary>
    private static async Task PrintIamReviewAsync(CliEnvironment env, string samples, OutputFormat format, CancellationToken ct)
    {
        var report = Path.Combine(samples, "iam", "credential-report.csv");
        if (!File.Exists(report))
        {
            return;
        }

        env.Out.WriteLine();
        env.Out.WriteLine("IAM security automation: stale and dangerous credentials and trusts in the sample account (sniper iam review), as of 2026-12-01,");
        env.Out.WriteLine("then the retirement plan (dry run): owners are notified first; unused keys and passwords are retired after the 7-day grace period");
        await CliApp.RunAsync(
            ["iam", "review", "--credential-report", report, "--authorization-details", Path.Combine(samples, "iam", "authorization-details.json"),
                "--now", "2026-12-01T00:00:00Z", "--respond", "--format", format == OutputFormat.Md ? "md" : "table", "--quiet"], env, ct).ConfigureAwait(false);
    }

    /// <summary>The daily runbook over the bundled CloudTrail, GuardDuty and Inspector samples and posture snapshot.</summary>
    private static async Task PrintRunbookAsync(CliEnvironment env, string samples, string outDir, CancellationToken ct)
    {
        var runbook = Path.Combine(samples, "runbook");
        if (!System.IO.Directory.Exists(runbook))
        {
            return;
        }

        var quiet = new CliEnvironment
        {
            Out = TextWriter.Null,
            Error = TextWriter.Null,
            OpenStdin = env.OpenStdin,
            Time = env.Time,
            CurrentDirectory = env.CurrentDirectory,
            GetVariable = env.GetVariable,
            SniperVariables = env.SniperVariables,
        };
        string[] args =
        [
            "runbook",
            "--cloudtrail", Path.Combine(runbook, "cloudtrail"),
            "--guardduty", Path.Combine(runbook, "guardduty"),
            "--inspector", Path.Combine(runbook, "inspector"),
            "--snapshot", Path.Combine(runbook, "snapshot.json"),
            "--mute", Path.Combine(runbook, "mute.txt"),
            "--format", "html,md,json",
            "--out", outDir,
        ];
        await CliApp.RunAsync(args, quiet, ct).ConfigureAwait(false);
        var markdown = Path.Combine(outDir, "runbook-report.md");
        if (!File.Exists(markdown))
        {
            env.Error.WriteLine("sniper: the runbook report could not be written");
            return;
        }

        env.Out.WriteLine();
        env.Out.WriteLine("The daily runbook (sniper runbook) over the sample CloudTrail, GuardDuty and Inspector data and posture snapshot:");
        env.Out.WriteLine();

        // The summary and top risks lead the report; the full tables are in the files.
        foreach (var line in File.ReadLines(markdown).Skip(1).TakeWhile(l => !l.StartsWith("## Enablement", StringComparison.Ordinal)))
        {
            env.Out.WriteLine(line);
        }

        env.Out.WriteLine($"Full report: {Path.Combine(outDir, "runbook-report.html")} (also .md and .json)");
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
