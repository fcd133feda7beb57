using System.CommandLine;
using System.Text.Json;
using CloudSniper.Aws.Iam;
using CloudSniper.Aws.Response;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Configuration;
using CloudSniper.Core.Iam;
using CloudSniper.Core.Iam.Retirement;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Cli.Commands;

/// <summary>
/// <c>sniper iam review --respond|--apply</c> (the review, then the retirement plan: stored, audited, executed in enforce
/// mode) and <c>sniper iam playbook validate|schema|show</c>.
/// </summary>
internal static class IamRetirementCommand
{
    /// <summary>What <c>iam review</c> parsed, for the retirement run.</summary>
    internal sealed record Arguments(
        string? ReportPath, string? DetailsPath, DateTimeOffset At, IamReviewOptions Options, string[] Accounts, string? Role, string? ExternalId,
        bool Apply, string? Mode, string? PlaybookPath, OutputFormat Format);

    public static async Task<int> RunAsync(CliEnvironment env, System.CommandLine.ParseResult parse, SniperConfig config, Arguments args, CancellationToken ct)
    {
        var playbook = LoadPlaybook(env, args.PlaybookPath ?? config.Iam.RetirementPlaybook);
        await using var host = await ResponseHost.OpenAsync(env, parse, [], ct).ConfigureAwait(false);
        var chosen = Mode(host.Settings.Options.Mode, args);
        var clock = await OpenClockAsync(env, host, ct).ConfigureAwait(false);
        var options = host.Settings.Options with
        {
            AssumeRoleName = args.Role ?? host.Settings.Options.AssumeRoleName,
            ExternalId = args.ExternalId ?? host.Settings.Options.ExternalId,
        };
        using var aws = AwsResponse.Create(
            options,
            host.Playbooks,
            host.Store,
            new AwsClientOptions
            {
                Credentials = AwsClients.Credentials(env),
                Environment = env.GetVariable,
                UrlVariables = options.UrlVariables,
                Time = env.Time,
                DefaultRegion = env.GetVariable("AWS_REGION") ?? env.GetVariable("AWS_DEFAULT_REGION") ?? "us-east-1",
            },
            host.Ranges,
            host.AllowList,
            await host.AuditAsync(env, ct).ConfigureAwait(false),
            withOwnAddresses: false);

        IamReviewRun run;
        if (args.ReportPath is null)
        {
            var service = new IamReviewService(aws.Clients, aws.Runner, clock, env.Time);
            run = await service.ReviewAndRetireAsync(args.Accounts, args.Options, playbook, chosen, options.RequireApproval, args.At, ct).ConfigureAwait(false);
            foreach (var (account, reason) in run.Failed)
            {
                env.Error.WriteLine($"sniper: account {account} skipped: {reason}");
            }
        }
        else
        {
            run = await OfflineAsync(env, aws, clock, playbook, chosen, options.RequireApproval, args, ct).ConfigureAwait(false);
        }

        foreach (var error in run.Rejected)
        {
            env.Error.WriteLine($"sniper: rejected {error}");
        }

        var findings = run.Findings.OrderByDescending(f => IamCommand.SeverityRank(f.Severity)).ToList();
        var result = run.Retirement;
        if (args.Format == OutputFormat.Json)
        {
            var view = result is null ? null : PlanWriter.JsonView(result.Plan, result.Outcomes);
            env.Out.WriteLine(JsonSerializer.Serialize(new { findings = findings.Select(IamCommand.Json), retirement = view }, IamCommand.FindingJson));
        }
        else
        {
            IamCommand.Write(env, args.Format, findings);
            if (result is not null)
            {
                env.Out.WriteLine();
                PlanWriter.Write(env, args.Format, result.Plan, result.Outcomes);
            }
        }

        if (result is not null && !parse.GetValue(GlobalOptions.Quiet))
        {
            Summary(env, run, result, host.StorePath);
        }

        if (run.Failed.Count > 0 && run.Reviewed == 0)
        {
            return ExitCodes.Aws;
        }

        return result?.AnyAwsFailure == true || run.Failed.Count > 0 ? ExitCodes.Aws : run.Rejected.Count > 0 ? ExitCodes.InputRejected : ExitCodes.Ok;
    }

    /// <summary><c>sniper iam playbook validate FILE | schema | show</c>.</summary>
    public static Command Playbook(CliEnvironment env)
    {
        var command = new Command("playbook", "The IAM retirement playbook: validate a file, print its JSON schema or the built-in playbook");
        var file = new Argument<string[]>("files") { Description = "Retirement playbook files", Arity = ArgumentArity.OneOrMore };
        var validate = new Command("validate", "Check retirement playbook files; every error is reported with its line") { file };
        validate.SetAction(parse =>
        {
            var bad = 0;
            foreach (var path in parse.GetValue(file)!)
            {
                var loaded = IamRetirementPlaybookLoader.LoadFile(Full(env, path));
                foreach (var error in loaded.Errors)
                {
                    env.Error.WriteLine("sniper: " + error);
                }

                bad += loaded.Errors.Count > 0 ? 1 : 0;
                if (loaded.Errors.Count == 0)
                {
                    env.Out.WriteLine($"{path}: valid ({loaded.Playbook!.Name})");
                }
            }

            return bad > 0 ? ExitCodes.Usage : ExitCodes.Ok;
        });
        var schema = new Command("schema", "Print the JSON schema of retirement playbooks");
        schema.SetAction(_ =>
        {
            env.Out.WriteLine(IamRetirementPlaybookSchema.Generate());
            return ExitCodes.Ok;
        });
        var show = new Command("show", "Print the built-in retirement playbook");
        show.SetAction(_ =>
        {
            env.Out.Write(DefaultIamRetirementPlaybook.Text());
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(validate);
        command.Subcommands.Add(schema);
        command.Subcommands.Add(show);
        return command;
    }

    /// <summary>The retirement playbook from <paramref name="path"/>, or the built-in one.</summary>
    public static IamRetirementPlaybook LoadPlaybook(CliEnvironment env, string? path)
    {
        if (path is null)
        {
            return DefaultIamRetirementPlaybook.Load();
        }

        var loaded = IamRetirementPlaybookLoader.LoadFile(Full(env, path));
        return loaded.Playbook ?? throw new UsageException("invalid retirement playbook:\n  " + string.Join("\n  ", loaded.Errors));
    }

    /// <summary>The retirement clock beside the response store: its SQLite file, or its DynamoDB table.</summary>
    public static async Task<IRetirementClockStore> OpenClockAsync(CliEnvironment env, ResponseHost host, CancellationToken ct)
    {
        IRetirementClockStore clock = host.StorePath.StartsWith("dynamodb:", StringComparison.Ordinal)
            ? new Aws.DynamoDb.DynamoDbRetirementClockStore(AwsClients.DynamoDb(env), host.StorePath["dynamodb:".Length..])
            : host.StorePath.Length == 0 ? new InMemoryRetirementClockStore() : new Store.Sqlite.SqliteRetirementClockStore(host.StorePath);
        await clock.InitializeAsync(ct).ConfigureAwait(false);
        return clock;
    }

    // --respond plans (dry run); --apply runs in the configured mode, raised from plan to enforce but never past observe,
    // which is a deliberate record-only setting; --mode says exactly.
    private static ResponseMode Mode(ResponseMode configured, Arguments args)
    {
        if (args.Mode is { } m)
        {
            return Enum.TryParse<ResponseMode>(m, true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(m[0])
                ? parsed
                : throw new UsageException($"--mode must be observe, plan or enforce; got '{m}'");
        }

        return !args.Apply ? ResponseMode.Plan : configured == ResponseMode.Observe ? ResponseMode.Observe : ResponseMode.Enforce;
    }

    private static async Task<IamReviewRun> OfflineAsync(CliEnvironment env, AwsResponse aws, IRetirementClockStore clock, IamRetirementPlaybook playbook,
        ResponseMode mode, System.Collections.Immutable.ImmutableArray<string> requireApproval, Arguments args, CancellationToken ct)
    {
        var parsed = CredentialReportParser.ParseFile(args.ReportPath!);
        var findings = IamReviewer.Review(parsed.Rows, args.At, args.Options).ToList();
        var rejected = new List<RecordError>(parsed.Errors);
        if (args.DetailsPath is { } detailsPath)
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(detailsPath));
                findings.AddRange(AuthorizationReview.Review(document.RootElement, args.Options));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot open authorization details '{detailsPath}': {ex.Message}");
            }
            catch (JsonException ex)
            {
                rejected.Add(new RecordError(detailsPath, ex.LineNumber + 1, ex.BytePositionInLine, "not JSON: " + ex.Message));
            }
        }

        // Enforcing acts in AWS, so it reads the users' tags and key ids there first: the exemption guard must see the tags.
        var tags = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var failed = new List<(string, string)>();
        var current = findings;
        if (mode == ResponseMode.Enforce)
        {
            current = [];
            var collector = new IamReviewCollector(aws.Clients);
            foreach (var group in findings.GroupBy(f => f.Account))
            {
                try
                {
                    var enriched = await collector.EnrichAsync(group.Key, [.. group], ct).ConfigureAwait(false);
                    current.AddRange(enriched.Findings);
                    foreach (var (k, v) in enriched.UserTags)
                    {
                        tags[k] = v;
                    }
                }
                catch (Exception ex) when (AwsFailures.IsAws(ex) || ex is HttpRequestException)
                {
                    failed.Add((group.Key ?? "(unknown account)", ex.Message));
                }
            }
        }

        var request = new IamRetirementRequest
        {
            Findings = current,
            UserTags = tags,
            ReviewedAccounts = [.. current.Select(f => f.Account).OfType<string>().Distinct()],
            Playbook = playbook,
            Mode = mode,
            RequireApproval = requireApproval,
            TagsUnknown = mode != ResponseMode.Enforce,
        };
        var result = await IamRetirement.RunAsync(request, aws.Runner, clock, args.At, ct).ConfigureAwait(false);
        return new IamReviewRun(current, parsed.Rows.Count, failed.Count == 0 ? 1 : 0, failed, rejected, result);
    }

    private static void Summary(CliEnvironment env, IamReviewRun run, ResponseRunResult result, string storePath)
    {
        var plan = result.Plan;
        var retire = plan.Actions.Count(a => a.ActionKey is Core.Response.Actions.RetireAccessKey.ActionKey or Core.Response.Actions.RetireLoginProfile.ActionKey);
        var notify = plan.Actions.Count(a => a.ActionKey == Core.Response.Actions.NotifyCredentialOwner.ActionKey);
        var line = $"sniper: IAM retirement plan {plan.Id} ({plan.Mode.ToString().ToLowerInvariant()}): {run.Findings.Count} finding(s), {notify} notification(s), " +
            $"{retire} retirement(s), {plan.Skipped.Length} skipped (exempt, root, grace period, already notified)";
        if (plan.Mode == ResponseMode.Enforce)
        {
            line += $"; {result.Executed} executed, {result.Failed} failed";
        }

        env.Notes.WriteLine(line);
        foreach (var notice in plan.Notices)
        {
            env.Notes.WriteLine("sniper: notice: " + notice);
        }

        if (plan.Mode == ResponseMode.Plan && plan.Actions.Length > 0)
        {
            env.Notes.WriteLine($"sniper: stored in {storePath}; nothing was changed and no grace period started. Apply it by running the same review " +
                "with --apply (notifications sent that way start the grace period)");
        }

        foreach (var action in plan.Actions.Where(a => a.Status == ActionStatus.AwaitingApproval))
        {
            env.Notes.WriteLine($"sniper: {action.Id} waits for approval: {action.Reason}; sniper approve {plan.Id} {action.Id}");
        }
    }

    private static string Full(CliEnvironment env, string path) => Path.IsPathRooted(path) ? path : Path.Combine(env.CurrentDirectory, path);
}
