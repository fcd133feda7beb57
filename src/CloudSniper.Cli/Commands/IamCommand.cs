using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CloudSniper.Cli.Hosting;
using CloudSniper.Cli.Output;
using CloudSniper.Core.Iam;

namespace CloudSniper.Cli.Commands;

/// <summary><c>sniper iam review</c>: the credentials and trusts of an account, checked against CIS-style rules.</summary>
public static class IamCommand
{
    // The review's JSON keeps null members ("key": null for a password finding), as its documented shape has every field.
    internal static readonly JsonSerializerOptions FindingJson = new(JsonOutput.Indented)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    public static Command Create(CliEnvironment env)
    {
        var command = new Command("iam", "IAM security automation: review credentials and role trusts");
        command.Subcommands.Add(Review(env));
        command.Subcommands.Add(IamRetirementCommand.Playbook(env));
        return command;
    }

    private static Command Review(CliEnvironment env)
    {
        var report = new Option<string?>("--credential-report")
        {
            Description = "Review this credential report CSV (as 'aws iam get-credential-report' returns it, base64 decoded) " +
                "instead of asking IAM; without it the review is live: it generates and reads the report and the authorisation details",
        };
        var details = new Option<string?>("--authorization-details")
        {
            Description = "With --credential-report: the JSON of 'aws iam get-account-authorization-details', for the administrator and role-trust checks",
        };
        var now = new Option<string?>("--now") { Description = "Review as of this ISO 8601 time instead of the clock, for reproducible reviews" };
        var org = new Option<string[]>("--org-accounts")
        {
            Description = "Account ids of the organisation: a role trusting one of them needs no external id",
            AllowMultipleArgumentsPerToken = true,
        };
        var keyUnused = new Option<int?>("--key-unused-days") { Description = "An active key unused this many days is a finding (default 45)" };
        var rotation = new Option<int?>("--key-rotation-days") { Description = "An active key rotated this many days ago is a finding (default 90)" };
        var passwordUnused = new Option<int?>("--password-unused-days") { Description = "A password unused this many days is a finding (default 45)" };
        var accounts = new Option<string[]>("--accounts")
        {
            Description = "Live: review these member accounts through --role instead of the caller's own account",
            AllowMultipleArgumentsPerToken = true,
        };
        var role = new Option<string?>("--role") { Description = "Live with --accounts: the role to assume in each account (its name)" };
        var externalId = new Option<string?>("--external-id") { Description = "Live with --accounts: the external id the member role requires" };
        var respond = new Option<bool>("--respond")
        {
            Description = "Also plan the retirement playbook's response (dry run): notify owners, and after the grace period deactivate unused keys " +
                "and remove unused passwords; the plan is stored and printed with how to apply it",
        };
        var apply = new Option<bool>("--apply") { Description = "Plan and execute the retirement in the configured mode (enforce, unless mode: observe)" };
        var mode = new Option<string?>("--mode") { Description = "With --respond or --apply: observe, plan or enforce, overriding the configured mode" };
        var retirement = new Option<string?>("--retirement-playbook") { Description = "The retirement playbook file (default: iam.retirementPlaybook, else the built-in one)" };
        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Csv, OutputFormat.Html, OutputFormat.Md);
        var command = new Command("review",
            "Check every user's password, MFA and access keys and every role's trust policy: root keys and use, console users without MFA, " +
            "keys unused for 45 days or not rotated for 90, two active keys, unused passwords, administrator policies, roles open to anyone " +
            "or to outside accounts without an external id. Thresholds are inclusive: 45 days unused is a finding, 44 is not.")
        {
            report, details, now, org, keyUnused, rotation, passwordUnused, accounts, role, externalId, respond, apply, mode, retirement, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var reportPath = parse.GetValue(report);
            if (reportPath is not null && !File.Exists(reportPath))
            {
                throw new UsageException($"cannot open credential report '{reportPath}': no such file");
            }

            if (reportPath is null && parse.GetValue(details) is not null)
            {
                throw new UsageException("--authorization-details goes with --credential-report (a live review reads both from IAM)");
            }

            var members = parse.GetValue(accounts) ?? [];
            if (members.Length > 0 && parse.GetValue(role) is null)
            {
                throw new UsageException("--accounts needs --role: the name of the role to assume in each member account");
            }

            var at = env.Time.GetUtcNow();
            if (parse.GetValue(now) is { } text && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at))
            {
                throw new UsageException($"--now must be an ISO 8601 time such as 2026-12-01T00:00:00Z; got '{text}'");
            }

            var config = ConfigResolver.LoadOrThrow(parse, env);
            var defaults = config.Iam.ToOptions();
            var orgAccounts = parse.GetValue(org) ?? [];
            var options = defaults with
            {
                KeyUnusedDays = Positive(parse.GetValue(keyUnused), "--key-unused-days") ?? defaults.KeyUnusedDays,
                KeyRotationDays = Positive(parse.GetValue(rotation), "--key-rotation-days") ?? defaults.KeyRotationDays,
                PasswordUnusedDays = Positive(parse.GetValue(passwordUnused), "--password-unused-days") ?? defaults.PasswordUnusedDays,
                OrganizationAccounts = orgAccounts.Length > 0 ? new HashSet<string>(orgAccounts, StringComparer.Ordinal) : defaults.OrganizationAccounts,
            };

            if (parse.GetValue(respond) || parse.GetValue(apply) || parse.GetValue(mode) is not null)
            {
                return await IamRetirementCommand.RunAsync(env, parse, config, new IamRetirementCommand.Arguments(
                    reportPath, parse.GetValue(details), at, options, members.Length > 0 ? members : [.. config.Iam.Accounts], parse.GetValue(role), parse.GetValue(externalId),
                    parse.GetValue(apply), parse.GetValue(mode), parse.GetValue(retirement), parse.GetValue(format)), ct).ConfigureAwait(false);
            }

            var findings = new List<IamFinding>();
            var errors = new List<Core.Ingestion.RecordError>();
            var principals = 0;
            if (reportPath is null)
            {
                var skipped = await ReviewLiveAsync(env, members, parse.GetValue(role), parse.GetValue(externalId), at, options, findings, errors, ct).ConfigureAwait(false);
                principals = skipped.Principals;
                foreach (var (account, reason) in skipped.Failed)
                {
                    env.Error.WriteLine($"sniper: account {account} skipped: {reason}");
                }

                if (skipped.Failed.Count > 0 && skipped.Reviewed == 0)
                {
                    Write(env, parse.GetValue(format), findings);
                    return ExitCodes.Aws;
                }
            }

            var parsed = reportPath is null ? null : CredentialReportParser.ParseFile(reportPath);
            if (parsed is not null)
            {
                principals = parsed.Rows.Count;
                findings.AddRange(IamReviewer.Review(parsed.Rows, at, options));
                errors.AddRange(parsed.Errors);
            }

            if (parse.GetValue(details) is { } detailsPath)
            {
                try
                {
                    using var document = JsonDocument.Parse(File.ReadAllBytes(detailsPath));
                    findings.AddRange(AuthorizationReview.Review(document.RootElement, options));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"cannot open authorization details '{detailsPath}': {ex.Message}");
                }
                catch (JsonException ex)
                {
                    errors.Add(new Core.Ingestion.RecordError(detailsPath, ex.LineNumber + 1, ex.BytePositionInLine, "not JSON: " + ex.Message));
                }
            }

            foreach (var error in errors)
            {
                env.Error.WriteLine($"sniper: rejected {error}");
            }

            Write(env, parse.GetValue(format), [.. findings.OrderByDescending(f => SeverityRank(f.Severity))]);
            if (!parse.GetValue(GlobalOptions.Quiet))
            {
                env.Error.WriteLine($"{principals} principal(s) reviewed as of {at:yyyy-MM-ddTHH:mm:ssZ}: {findings.Count} finding(s)" +
                    (errors.Count > 0 ? $", {errors.Count} record(s) rejected" : ""));
            }

            return errors.Count > 0 ? ExitCodes.InputRejected : ExitCodes.Ok;
        });
        return command;
    }

    // Reviews the caller's account, or each member account through the role; an account that fails is skipped and reported.
    private static async Task<(int Principals, int Reviewed, List<(string Account, string Reason)> Failed)> ReviewLiveAsync(
        CliEnvironment env, string[] members, string? role, string? externalId, DateTimeOffset at, IamReviewOptions options,
        List<IamFinding> findings, List<Core.Ingestion.RecordError> errors, CancellationToken ct)
    {
        using var clients = new Aws.Response.AwsClientFactory(new Aws.Response.AwsClientOptions
        {
            Credentials = AwsClients.Credentials(env),
            AssumeRoleName = role,
            ExternalId = externalId,
            Environment = env.GetVariable,
            Time = env.Time,
            DefaultRegion = env.GetVariable("AWS_REGION") ?? env.GetVariable("AWS_DEFAULT_REGION") ?? "us-east-1",
        });
        var collector = new Aws.Iam.IamReviewCollector(clients);
        var failed = new List<(string, string)>();
        var principals = 0;
        var reviewed = 0;
        foreach (var account in members.Length > 0 ? members.Select(a => (string?)a) : [null])
        {
            try
            {
                var parsed = await collector.CredentialReportAsync(account, ct).ConfigureAwait(false);
                var details = await collector.AuthorizationDetailsAsync(account, ct).ConfigureAwait(false);
                principals += parsed.Rows.Count;
                findings.AddRange(IamReviewer.Review(parsed.Rows, at, options));
                findings.AddRange(AuthorizationReview.Review(details, options));
                errors.AddRange(parsed.Errors);
                reviewed++;
            }
            catch (Exception ex) when (ex is Aws.Signing.AwsServiceException or Amazon.Runtime.AmazonServiceException or TimeoutException or HttpRequestException)
            {
                failed.Add((account ?? "(caller's account)", ex.Message));
            }
        }

        return (principals, reviewed, failed);
    }

    /// <summary>critical 3, high 2, medium 1, low 0.</summary>
    internal static int SeverityRank(string severity) => severity switch
    {
        "critical" => 3,
        "high" => 2,
        "medium" => 1,
        _ => 0,
    };

    private static int? Positive(int? value, string name) =>
        value is <= 0 ? throw new UsageException($"{name} must be a positive number of days; got {value}") : value;

    /// <summary>Writes the review's findings in <paramref name="format"/> (most severe first).</summary>
    internal static void Write(CliEnvironment env, OutputFormat format, IReadOnlyList<IamFinding> findings)
    {
        if (format == OutputFormat.Json)
        {
            env.Out.WriteLine(JsonSerializer.Serialize(new { findings = findings.Select(Json) }, FindingJson));
            return;
        }

        DataWriter.Write(env, format, findings,
        [
            new("Severity", f => f.Severity),
            new("Check", f => f.Check, Whole: true),
            new("User", f => f.User, Whole: true),
            new("Key", f => f.Key),
            new("CIS", f => f.Cis, Drop: 1),
            new("Age (days)", f => f.Age, AlignRight: true, Drop: 2),
            new("Detail", f => f.Detail),
        ], title: "IAM review");
    }

    /// <summary>The documented JSON shape of one finding.</summary>
    internal static object Json(IamFinding f) => new
    {
        check = f.Check,
        user = f.User,
        key = f.Key,
        keyId = f.KeyId,
        account = f.Account,
        severity = f.Severity,
        cis = f.Cis,
        detail = f.Detail,
        lastUsed = f.LastUsed,
        age = f.Age,
    };
}
