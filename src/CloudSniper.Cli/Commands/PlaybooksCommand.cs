using System.Collections.Immutable;
using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Playbooks;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper playbooks list|validate|explain|schema</c>: inspect, check and dry-run the response playbooks.</summary>
public static class PlaybooksCommand
{
    private sealed record ExplainRow(string Finding, string Rule, string Action, string Subject, string Decision, string Reason);

    public static Command Create(CliEnvironment env)
    {
        var command = new Command("playbooks", "List, validate and explain the response playbooks (the built-in default, or your own files)");
        var playbooks = new Option<string[]>("--playbook", "-p") { Description = "Playbook file to use instead of the configured or built-in ones (repeatable)" };

        var listFormat = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Md, OutputFormat.Csv);
        var list = new Command("list", "List the rules of the playbooks in use: conditions and actions with their NIST phase");
        list.Options.Add(playbooks);
        list.Options.Add(listFormat);
        list.SetAction(async (parse, ct) =>
        {
            await using var host = await ResponseHost.OpenAsync(env, parse, parse.GetValue(playbooks) ?? [], ct).ConfigureAwait(false);
            var rows = host.Playbooks.SelectMany(p => p.Rules.Select(r => (Playbook: p, Rule: r))).ToList();
            DataWriter.Write(
                env,
                parse.GetValue(listFormat),
                rows,
                [
                    new("Playbook", r => r.Playbook.Name),
                    new("Rule", r => r.Rule.Name),
                    new("When", r => Describe(r.Rule.When)),
                    new("Do", r => string.Join(", ", r.Rule.Do.Select(d => $"{d.Key} ({NistPhases.Name(d.Phase)})"))),
                ],
                r => new { playbook = r.Playbook.Name, source = r.Playbook.Source, rule = r.Rule.Name, description = r.Rule.Description, when = Describe(r.Rule.When), actions = r.Rule.Do.Select(d => new { key = d.Key, phase = NistPhases.Name(d.Phase), parameters = ActionRegistry.Default.Redact(d.Key, d.Parameters) }) },
                "Playbook rules");
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(list);

        var files = new Argument<string[]>("files") { Description = "Playbook YAML files to check", Arity = ArgumentArity.OneOrMore };
        var validate = new Command("validate", "Check playbook files against the schema generated from the registered actions; every error is reported with its line");
        validate.Arguments.Add(files);
        validate.SetAction(async (parse, ct) =>
        {
            var loader = new PlaybookLoader(ActionRegistry.Default);
            var bad = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                var result = loader.LoadFile(Path.IsPathRooted(file) ? file : Path.Combine(env.CurrentDirectory, file));
                if (result.IsValid)
                {
                    await env.Out.WriteLineAsync($"{file}: valid ({result.Playbook!.Rules.Length} rule(s))").ConfigureAwait(false);
                    continue;
                }

                bad++;
                foreach (var error in result.Errors)
                {
                    await env.Error.WriteLineAsync((error with { Source = file }).ToString()).ConfigureAwait(false);
                }
            }

            return bad > 0 ? ExitCodes.Usage : ExitCodes.Ok;
        });
        command.Subcommands.Add(validate);

        var findingFile = new Argument<string[]>("finding-files") { Description = "Finding files to explain", Arity = ArgumentArity.OneOrMore };
        var explainFormat = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Md, OutputFormat.Csv);
        var explain = new Command("explain", "Show which rules match the findings, which actions would run and what every guard decided, without touching AWS (the own-address guard is not checked)");
        explain.Arguments.Add(findingFile);
        explain.Options.Add(playbooks);
        explain.Options.Add(explainFormat);
        explain.SetAction(async (parse, ct) =>
        {
            await using var host = await ResponseHost.OpenAsync(env, parse, parse.GetValue(playbooks) ?? [], ct).ConfigureAwait(false);
            var input = FindingInput.Read(parse.GetValue(findingFile)!, env.CurrentDirectory, ct);
            foreach (var error in input.Errors)
            {
                await env.Error.WriteLineAsync("sniper: " + error).ConfigureAwait(false);
            }

            host.NoteBundledRanges(env);
            var engine = host.Engine();
            var now = env.Time.GetUtcNow();
            var rows = new List<ExplainRow>();
            foreach (var finding in input.Findings)
            {
                var addresses = finding.RemoteIps.Select(r => Core.Net.IpNetwork.TryParse(r.Address, out var n) ? n.Value.ToString() : null).OfType<string>().ToList();
                var history = await host.Store.GetBlockHistoryAsync(addresses, now, ct).ConfigureAwait(false);
                var plan = engine.Plan([finding], new PlanningInput("explain", now, ResponseMode.Plan) { History = history, RecordDecisions = true });
                var label = $"{finding.Id} {finding.Type.Raw} ({finding.Severity:0.#})";
                if (!plan.Matches.TryGetValue(finding.Id, out var rules))
                {
                    rows.Add(new ExplainRow(label, "-", "-", "-", "no rule matches", ""));
                    continue;
                }

                foreach (var action in plan.Actions)
                {
                    rows.Add(new ExplainRow(label, string.Join(", ", action.Rules), action.ActionKey, action.TargetKey.Split('|', 2)[^1], "would run", string.Join(", ", action.Blocks.Select(b => $"{b.Address} for {Durations.Format(b.Ttl)}"))));
                }

                foreach (var decision in plan.Decisions.Where(d => d.Guard != "precondition").DistinctBy(d => (d.Guard, d.Subject)))
                {
                    rows.Add(new ExplainRow(label, string.Join(", ", rules), "guard: " + decision.Guard, decision.Subject, decision.Allowed ? "allowed" : "stopped", decision.Reason));
                }

                foreach (var skipped in plan.Skipped.Where(s => s.Guard == "precondition" || s.ActionKey == "*"))
                {
                    rows.Add(new ExplainRow(label, skipped.Rule, skipped.ActionKey, skipped.Subject, "skipped", skipped.Reason));
                }
            }

            DataWriter.Write(
                env,
                parse.GetValue(explainFormat),
                rows,
                [new("Finding", r => r.Finding), new("Rule", r => r.Rule), new("Action", r => r.Action), new("Subject", r => r.Subject), new("Decision", r => r.Decision), new("Reason", r => r.Reason)],
                title: "Explain");
            return input.Errors.Count > 0 ? ExitCodes.InputRejected : ExitCodes.Ok;
        });
        command.Subcommands.Add(explain);

        var schema = new Command("schema", "Print the JSON schema of playbook files, generated from the registered actions");
        schema.SetAction(_ =>
        {
            env.Out.WriteLine(PlaybookSchema.Generate(ActionRegistry.Default));
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(schema);

        var builtin = new Option<bool>("--builtin") { Description = "Print the built-in default playbook, whatever is configured" };
        var show = new Command("show", "Print the playbooks in use as YAML (with --builtin, the built-in default: a file to start your own from)");
        show.Options.Add(builtin);
        show.Options.Add(playbooks);
        show.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(builtin))
            {
                await env.Out.WriteAsync(DefaultPlaybook.Text()).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var config = ConfigResolver.LoadOrThrow(parse, env);
            var settings = ResponseConfigLoader.FromConfig(config, ActionRegistry.Default);
            ImmutableArray<string> chosen = parse.GetValue(playbooks) is { Length: > 0 } given ? [.. given] : settings.PlaybookFiles;
            if (chosen.IsEmpty)
            {
                await env.Notes.WriteLineAsync($"sniper: no playbook is configured; the built-in default ({DefaultPlaybook.Source}) is in use").ConfigureAwait(false);
                await env.Out.WriteAsync(DefaultPlaybook.Text()).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            foreach (var file in chosen)
            {
                var full = Path.IsPathRooted(file) ? file : Path.Combine(env.CurrentDirectory, file);
                if (!File.Exists(full))
                {
                    throw new UsageException($"playbook file '{file}' not found");
                }

                await env.Out.WriteLineAsync($"# {file}").ConfigureAwait(false);
                await env.Out.WriteAsync(await File.ReadAllTextAsync(full, ct).ConfigureAwait(false)).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        command.Subcommands.Add(show);
        return command;
    }

    private static string Describe(RuleCondition when)
    {
        var parts = new List<string>();
        if (!when.Types.IsEmpty)
        {
            parts.Add("type " + string.Join(" | ", when.Types));
        }

        if (when.MinSeverity is { } s)
        {
            parts.Add($"severity >= {s:0.#}");
        }

        if (!when.ResourceTypes.IsEmpty)
        {
            parts.Add("resource " + string.Join(" | ", when.ResourceTypes));
        }

        if (!when.Sources.IsEmpty)
        {
            parts.Add("source " + string.Join(" | ", when.Sources).ToLowerInvariant());
        }

        if (!when.Accounts.IsEmpty)
        {
            parts.Add("account " + string.Join(" | ", when.Accounts));
        }

        if (!when.Regions.IsEmpty)
        {
            parts.Add("region " + string.Join(" | ", when.Regions));
        }

        if (!when.Tags.IsEmpty)
        {
            parts.Add("tags " + string.Join(", ", when.Tags.Select(t => $"{t.Key}={t.Value}")));
        }

        return parts.Count == 0 ? "any finding" : string.Join("; ", parts);
    }
}
