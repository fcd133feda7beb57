using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Reports;
using CloudSniper.Core.Runbook;
using CloudSniper.Core.Runbook.Checks;
using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Cli.Commands;

/// <summary>
/// <c>sniper runbook</c>: the daily security runbook, live (the posture collected from AWS in every region, optionally
/// across accounts) or offline (CloudTrail, GuardDuty and Inspector files and a posture snapshot), writing HTML,
/// Markdown, JSON and CSV reports and optionally a Slack summary.
/// </summary>
public static class RunbookCommand
{
    /// <summary>The default report formats.</summary>
    public const string DefaultFormats = "html,json";

    public static Command Create(CliEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var cloudTrail = new Option<string[]>("--cloudtrail")
        {
            Description = "CloudTrail input: a file, a directory (read recursively), a glob or an s3://bucket/prefix; repeatable. Reads S3 {\"Records\":[...]} files (gzip too), JSON arrays, JSON lines and EventBridge events",
            AllowMultipleArgumentsPerToken = true,
        };
        var guardDuty = new Option<string[]>("--guardduty")
        {
            Description = "GuardDuty findings: a file, directory, glob or s3://bucket/prefix; repeatable. Every shape the finding parsers read",
            AllowMultipleArgumentsPerToken = true,
        };
        var inspector = new Option<string[]>("--inspector")
        {
            Description = "Inspector2 findings: ListFindings responses, EventBridge \"Inspector2 Finding\" events or JSON lines; a file, directory, glob or s3://bucket/prefix; repeatable",
            AllowMultipleArgumentsPerToken = true,
        };
        var rules = new Option<string?>("--rules")
        {
            Description = "Directory of Sigma rules for CloudTrail (default: rules/cloudtrail of the checkout or installation, when found; 'none' for no rules)",
        };
        var snapshot = new Option<string?>("--snapshot")
        {
            Description = "Posture snapshot (JSON) to run the enablement checks over; without it no check runs offline",
        };
        var mute = new Option<string?>("--mute")
        {
            Description = "Mute list: one 'CHECK_ID [ACCOUNT [REGION [RESOURCE]]] # reason' a line, '*' wildcards; matching FAILs become MUTED",
        };
        var formats = new Option<string>("--format", "-f")
        {
            Description = "Report formats, comma-separated. " + string.Join("; ", ReportWriters.All.Select(w => $"{w.Key}: {w.Description}")) + "; pdf: runbook-report.pdf, the HTML printed by headless Chromium when one is installed",
            DefaultValueFactory = _ => DefaultFormats,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Output directory; a runbook-report.json already there is the previous run, compared for 'what changed'",
            DefaultValueFactory = _ => "runbook-report",
        };
        var slack = new Option<string?>("--slack")
        {
            Description = "Slack incoming-webhook URL: posts a Block Kit summary listing failed checks and critical items",
        };
        var live = new Option<bool>("--live")
        {
            Description = "Collect the posture snapshot from AWS (standard credential chain, AWS_ENDPOINT_URL honoured) in every enabled region, then run the checks",
        };
        var roleArns = new Option<string[]>("--role-arn")
        {
            Description = "With --live: a role to assume per account to check; repeatable (default: the caller's own account)",
            AllowMultipleArgumentsPerToken = true,
        };
        var organization = new Option<bool>("--organization")
        {
            Description = "With --live: check every account of the organisation by assuming --organization-role in each",
        };
        var organizationRole = new Option<string>("--organization-role")
        {
            Description = "The role name assumed in each organisation account",
            DefaultValueFactory = _ => "OrganizationAccountAccessRole",
        };
        var regions = new Option<string[]>("--region")
        {
            Description = "With --live: regions to check; repeatable (default: every enabled region)",
            AllowMultipleArgumentsPerToken = true,
        };
        var saveSnapshot = new Option<string?>("--save-snapshot")
        {
            Description = "With --live: also write the collected snapshot as JSON (for later offline runs with --snapshot)",
        };
        var includeSamples = new Option<bool>("--include-samples")
        {
            Description = "Review GuardDuty sample findings (service.additionalInfo.sample) too; by default they are counted as 'samples ignored' and left out of the review, the AMI pivot and the correlation",
        };
        var failOn = new Option<string?>("--fail-on")
        {
            Description = $"Exit {ExitCodes.ChecksFailed} when a check of this severity or above fails (muted ones excluded), so CI can gate on the posture: " + string.Join("|", FailOnLevels),
        };
        failOn.AcceptOnlyFromAmong([.. FailOnLevels]);
        var burst = new Option<int>("--burst-threshold")
        {
            Description = "Access-denied errors by one principal within 10 minutes that make a burst",
            DefaultValueFactory = _ => 5,
        };

        var credentialReport = new Option<string?>("--credential-report")
        {
            Description = "Add the IAM section: review this credential report CSV (as for 'sniper iam review'); with --live the IAM review runs live instead",
        };
        var authorizationDetails = new Option<string?>("--authorization-details")
        {
            Description = "With --credential-report: the JSON of 'aws iam get-account-authorization-details', for the administrator and role-trust checks",
        };
        var command = new Command("runbook", "Daily security runbook: enablement checks, CloudTrail review with Sigma detections, GuardDuty and Inspector review pivoted on AMI, correlation, reports (HTML, Markdown, JSON, CSV) and Slack");
        foreach (var option in new Option[] { cloudTrail, guardDuty, inspector, rules, snapshot, live, roleArns, organization, organizationRole, regions, saveSnapshot, mute, formats, output, slack, includeSamples, failOn, burst, credentialReport, authorizationDetails })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var quiet = parse.GetValue(GlobalOptions.Quiet);
            var formatText = parse.GetValue(formats) ?? DefaultFormats;
            var wantPdf = formatText.Split(',', StringSplitOptions.TrimEntries).Contains("pdf", StringComparer.OrdinalIgnoreCase);
            var writers = ParseFormats(string.Join(',', formatText.Split(',', StringSplitOptions.TrimEntries).Where(f => !f.Equals("pdf", StringComparison.OrdinalIgnoreCase)).Append(wantPdf ? "html" : "")));
            var outDir = Path.GetFullPath(Path.Combine(env.CurrentDirectory, parse.GetValue(output) ?? "runbook-report"));
            var slackUrl = parse.GetValue(slack);
            if (slackUrl is not null && (!Uri.TryCreate(slackUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
            {
                throw new UsageException($"--slack must be an http(s) URL; got '{slackUrl}'");
            }

            var isLive = parse.GetValue(live);
            if (isLive && parse.GetValue(snapshot) is not null)
            {
                throw new UsageException("--live collects the snapshot: do not give --snapshot as well");
            }

            PostureSnapshot? collected = null;
            if (isLive)
            {
                try
                {
                    var collector = Aws.Posture.PostureCollectorFactory.Create(env.GetVariable, env.Time);
                    collected = await collector.CollectAsync(
                        new PostureCollectionOptions
                        {
                            RoleArns = parse.GetValue(roleArns) ?? [],
                            WholeOrganization = parse.GetValue(organization),
                            OrganizationRoleName = parse.GetValue(organizationRole) ?? "OrganizationAccountAccessRole",
                            Regions = parse.GetValue(regions) ?? [],
                        },
                        ct).ConfigureAwait(false);
                }
                catch (Amazon.Runtime.AmazonClientException ex)
                {
                    await env.Error.WriteLineAsync($"sniper: cannot reach AWS: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.Aws;
                }

                if (parse.GetValue(saveSnapshot) is { } savePath)
                {
                    await File.WriteAllTextAsync(Path.Combine(env.CurrentDirectory, savePath), JsonSerializer.Serialize(collected, ReportJson.Options), ct).ConfigureAwait(false);
                }
            }

            using var s3 = new S3Sources(env);
            var (cloudTrailPaths, cloudTrailS3) = s3.Split(parse.GetValue(cloudTrail) ?? []);
            var (guardDutyPaths, guardDutyS3) = s3.Split(parse.GetValue(guardDuty) ?? []);
            var (inspectorPaths, inspectorS3) = s3.Split(parse.GetValue(inspector) ?? []);

            // A mistyped path must not produce a report of zeros that replaces the previous one ("what changed" compares with it).
            RequireFiles(env, "--cloudtrail", cloudTrailPaths);
            RequireFiles(env, "--guardduty", guardDutyPaths);
            RequireFiles(env, "--inspector", inspectorPaths);
            var inputs = new RunbookInputs
            {
                Mode = isLive ? "live" : "offline",
                CloudTrail = cloudTrailPaths,
                CloudTrailSources = cloudTrailS3,
                GuardDuty = guardDutyPaths,
                GuardDutySources = guardDutyS3,
                Inspector = inspectorPaths,
                InspectorSources = inspectorS3,
                RulesDirectory = ResolveRules(env, parse.GetValue(rules)),
                Snapshot = collected ?? ReadSnapshot(env, parse.GetValue(snapshot)),
                Mutes = ReadMutes(env, parse.GetValue(mute)),
                IncludeSamples = parse.GetValue(includeSamples),
                Previous = ReadPrevious(outDir),
                Review = new CloudTrailReviewOptions { BurstThreshold = Math.Max(1, parse.GetValue(burst)) },
                MaxDecompressedBytes = ConfigResolver.LoadOrThrow(parse, env).Ingest.MaxDecompressedBytes,
                BaseDirectory = env.CurrentDirectory,
            };
            if (inputs.CloudTrail.Count + inputs.GuardDuty.Count + inputs.Inspector.Count + cloudTrailS3.Count + guardDutyS3.Count + inspectorS3.Count == 0 && inputs.Snapshot is null
                && parse.GetValue(credentialReport) is null)
            {
                throw new UsageException("nothing to review: give --live, --cloudtrail, --guardduty, --inspector or --snapshot (see 'sniper runbook --help')");
            }

            IProgress<string>? progress = !quiet && env.ErrorIsTerminal ? new Progress<string>(line => env.Error.WriteLine(line)) : null;
            var runner = new RunbookRunner(env.Time);
            var report = await runner.RunAsync(inputs, progress, ct).ConfigureAwait(false);
            if (await RunbookIam.SectionAsync(env, parse, isLive, parse.GetValue(credentialReport), parse.GetValue(authorizationDetails), inputs.Previous, ct).ConfigureAwait(false) is { } iam)
            {
                report = report with { Iam = iam };
            }

            Directory.CreateDirectory(outDir);
            foreach (var writer in writers)
            {
                foreach (var file in writer.Write(report, outDir))
                {
                    await env.Out.WriteLineAsync(file).ConfigureAwait(false);
                }
            }

            if (wantPdf)
            {
                var pdf = await PrintPdfAsync(env, Path.Combine(outDir, "runbook-report.html"), Path.Combine(outDir, "runbook-report.pdf"), ct).ConfigureAwait(false);
                if (pdf is not null)
                {
                    await env.Out.WriteLineAsync(pdf).ConfigureAwait(false);
                }
            }

            if (!quiet)
            {
                await WriteSummaryAsync(env, report).ConfigureAwait(false);
            }

            var exit = ExitCode(report, parse.GetValue(failOn));
            if (slackUrl is not null && !await PostSlackAsync(env, slackUrl, report, ct).ConfigureAwait(false) && exit == ExitCodes.Ok)
            {
                exit = ExitCodes.Failure;
            }

            return exit;
        });
        return command;
    }

    /// <summary>The severities <c>--fail-on</c> accepts, as the checks name them, lowest first.</summary>
    public static IReadOnlyList<string> FailOnLevels { get; } = ["low", "medium", "high", "critical"];

    /// <summary>
    /// 4 when a check could not be evaluated (AWS or permission), 5 when a check at or above <paramref name="failOn"/>
    /// failed, 3 when some input was rejected, else 0.
    /// </summary>
    public static int ExitCode(RunbookReport report, string? failOn = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Checks.Any(c => c.Status == CheckStatus.Error))
        {
            return ExitCodes.Aws;
        }

        if (failOn is not null && report.Checks.Any(c => c.Status == CheckStatus.Fail && RunbookSummaryBuilder.LevelRank(c.Severity) >= RunbookSummaryBuilder.LevelRank(failOn)))
        {
            return ExitCodes.ChecksFailed;
        }

        return report.Inputs.Any(i => i.Rejected > 0) ? ExitCodes.InputRejected : ExitCodes.Ok;
    }

    private static void RequireFiles(CliEnvironment env, string option, IReadOnlyList<string> paths)
    {
        var (_, errors) = InputPaths.Expand(paths, env.CurrentDirectory);
        if (errors.Count > 0)
        {
            throw new UsageException($"{option}: {string.Join("; ", errors)}; no report written");
        }
    }

    private static List<IReportWriter> ParseFormats(string text)
    {
        var writers = new List<IReportWriter>();
        foreach (var key in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var writer = ReportWriters.Find(key) ?? throw new UsageException($"--format: unknown format '{key}'; use {string.Join(", ", ReportWriters.All.Select(w => w.Key))}");
            if (!writers.Contains(writer))
            {
                writers.Add(writer);
            }
        }

        return writers.Count > 0 ? writers : throw new UsageException("--format: give at least one format");
    }

    private static string? ResolveRules(CliEnvironment env, string? given)
    {
        if (given is not null)
        {
            if (given.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var path = Path.GetFullPath(Path.Combine(env.CurrentDirectory, given));
            return Directory.Exists(path) || File.Exists(path) ? path : throw new UsageException($"--rules: no such directory: {given}");
        }

        foreach (var start in new[] { env.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "rules", "cloudtrail");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static PostureSnapshot? ReadSnapshot(CliEnvironment env, string? path)
    {
        if (path is null)
        {
            return null;
        }

        var full = Path.Combine(env.CurrentDirectory, path);
        try
        {
            using var stream = File.OpenRead(full);
            return JsonSerializer.Deserialize<PostureSnapshot>(stream, ReportJson.Options) ?? throw new UsageException($"--snapshot: {path} is empty");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--snapshot: cannot read {path}: {ex.Message}");
        }
        catch (JsonException ex)
        {
            throw new UsageException($"--snapshot: {path} is not a posture snapshot: {ex.Message}");
        }
    }

    private static MuteList ReadMutes(CliEnvironment env, string? path)
    {
        if (path is null)
        {
            return MuteList.Empty;
        }

        try
        {
            return MuteList.Parse(File.ReadAllText(Path.Combine(env.CurrentDirectory, path)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--mute: cannot read {path}: {ex.Message}");
        }
    }

    private static RunbookReport? ReadPrevious(string outDir)
    {
        var path = Path.Combine(outDir, JsonReportWriter.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        return ReportJson.Read(stream);
    }

    private static async Task WriteSummaryAsync(CliEnvironment env, RunbookReport report)
    {
        var s = report.Summary;
        await env.Error.WriteLineAsync(
            $"runbook: {s.CloudTrailRecords} CloudTrail records, {s.Detections} detections ({report.Rules.Loaded} rules, {report.Rules.Skipped.Count} skipped), " +
            $"{s.GuardDutyFindings} GuardDuty and {s.InspectorFindings} Inspector findings, {s.CorrelatedAmis} correlated AMIs; " +
            $"checks: {string.Join(", ", s.ChecksByStatus.Select(kv => $"{kv.Value} {kv.Key}"))}").ConfigureAwait(false);
        foreach (var input in report.Inputs.Where(i => i.Rejected > 0))
        {
            await env.Error.WriteLineAsync($"runbook: {input.Kind}: {input.Rejected} record(s) rejected; first: {input.Errors.FirstOrDefault()}").ConfigureAwait(false);
        }

        foreach (var skipped in report.Rules.Skipped)
        {
            await env.Error.WriteLineAsync($"runbook: rule skipped: {skipped.Path}: {skipped.Reason}").ConfigureAwait(false);
        }
    }

    /// <summary>Prints the HTML report to PDF with headless Chromium; null (and a note on stderr) when no Chromium is installed or printing fails.</summary>
    private static async Task<string?> PrintPdfAsync(CliEnvironment env, string html, string pdf, CancellationToken ct)
    {
        var browser = new[] { env.GetVariable("SNIPER_CHROMIUM"), "chromium", "chromium-browser", "google-chrome" }
            .OfType<string>()
            .FirstOrDefault(b => Path.IsPathRooted(b) ? File.Exists(b) : (env.GetVariable("PATH") ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, b))));
        if (browser is null)
        {
            await env.Error.WriteLineAsync("sniper: no Chromium found (chromium, chromium-browser, google-chrome or $SNIPER_CHROMIUM): PDF skipped").ConfigureAwait(false);
            return null;
        }

        var info = new System.Diagnostics.ProcessStartInfo(browser) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=" + pdf, new Uri(html).AbsoluteUri })
        {
            info.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
        _ = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
        }

        if (process.HasExited && process.ExitCode == 0 && File.Exists(pdf))
        {
            return pdf;
        }

        await env.Error.WriteLineAsync($"sniper: {browser} could not print the PDF").ConfigureAwait(false);
        return null;
    }

    private static async Task<bool> PostSlackAsync(CliEnvironment env, string url, RunbookReport report, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var response = await http.PostAsJsonAsync(url, SlackPayloadBuilder.Build(report), ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            await env.Error.WriteLineAsync($"sniper: Slack webhook answered {(int)response.StatusCode} {response.ReasonPhrase}").ConfigureAwait(false);
            return false;
        }
        catch (HttpRequestException ex)
        {
            await env.Error.WriteLineAsync($"sniper: Slack webhook failed: {ex.Message}").ConfigureAwait(false);
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            await env.Error.WriteLineAsync("sniper: Slack webhook timed out").ConfigureAwait(false);
            return false;
        }
    }
}
