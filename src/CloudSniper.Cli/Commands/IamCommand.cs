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
    private static readonly JsonSerializerOptions FindingJson = new(JsonOutput.Indented)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    public static Command Create(CliEnvironment env)
    {
        var command = new Command("iam", "IAM security automation: review credentials and role trusts");
        command.Subcommands.Add(Review(env));
        return command;
    }

    private static Command Review(CliEnvironment env)
    {
        var report = new Option<string?>("--credential-report")
        {
            Description = "The credential report CSV as 'aws iam get-credential-report' returns it, base64 decoded " +
                "(aws iam get-credential-report --query Content --output text | base64 -d > report.csv)",
        };
        var details = new Option<string?>("--authorization-details")
        {
            Description = "The JSON of 'aws iam get-account-authorization-details', for the administrator and role-trust checks",
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
        var format = GlobalOptions.Format(OutputFormat.Table, OutputFormat.Json, OutputFormat.Csv, OutputFormat.Html, OutputFormat.Md);
        var command = new Command("review",
            "Check every user's password, MFA and access keys and every role's trust policy: root keys and use, console users without MFA, " +
            "keys unused for 45 days or not rotated for 90, two active keys, unused passwords, administrator policies, roles open to anyone " +
            "or to outside accounts without an external id. Thresholds are inclusive: 45 days unused is a finding, 44 is not.")
        {
            report, details, now, org, keyUnused, rotation, passwordUnused, format,
        };
        command.SetAction((parse, ct) =>
        {
            var reportPath = parse.GetValue(report)
                ?? throw new UsageException("--credential-report FILE is required (get it with: aws iam generate-credential-report; " +
                    "aws iam get-credential-report --query Content --output text | base64 -d > report.csv)");
            if (!File.Exists(reportPath))
            {
                throw new UsageException($"cannot open credential report '{reportPath}': no such file");
            }

            var at = env.Time.GetUtcNow();
            if (parse.GetValue(now) is { } text && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at))
            {
                throw new UsageException($"--now must be an ISO 8601 time such as 2026-12-01T00:00:00Z; got '{text}'");
            }

            var defaults = new IamReviewOptions();
            var options = new IamReviewOptions
            {
                KeyUnusedDays = Positive(parse.GetValue(keyUnused), "--key-unused-days") ?? defaults.KeyUnusedDays,
                KeyRotationDays = Positive(parse.GetValue(rotation), "--key-rotation-days") ?? defaults.KeyRotationDays,
                PasswordUnusedDays = Positive(parse.GetValue(passwordUnused), "--password-unused-days") ?? defaults.PasswordUnusedDays,
                OrganizationAccounts = new HashSet<string>(parse.GetValue(org) ?? [], StringComparer.Ordinal),
            };

            var parsed = CredentialReportParser.ParseFile(reportPath);
            var findings = IamReviewer.Review(parsed.Rows, at, options).ToList();
            var errors = parsed.Errors.ToList();
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
                env.Error.WriteLine($"{parsed.Rows.Count} principal(s) reviewed as of {at:yyyy-MM-ddTHH:mm:ssZ}: {findings.Count} finding(s)" +
                    (errors.Count > 0 ? $", {errors.Count} record(s) rejected" : ""));
            }

            return Task.FromResult(errors.Count > 0 ? ExitCodes.InputRejected : ExitCodes.Ok);
        });
        return command;
    }

    private static int SeverityRank(string severity) => severity switch
    {
        "critical" => 3,
        "high" => 2,
        "medium" => 1,
        _ => 0,
    };

    private static int? Positive(int? value, string name) =>
        value is <= 0 ? throw new UsageException($"{name} must be a positive number of days; got {value}") : value;

    private static void Write(CliEnvironment env, OutputFormat format, IReadOnlyList<IamFinding> findings)
    {
        if (format == OutputFormat.Json)
        {
            env.Out.WriteLine(JsonSerializer.Serialize(new { findings = findings.Select(Json) }, FindingJson));
            return;
        }

        DataWriter.Write(env, format, findings,
        [
            new("Severity", f => f.Severity),
            new("Check", f => f.Check),
            new("User", f => f.User),
            new("Key", f => f.Key),
            new("CIS", f => f.Cis),
            new("Age (days)", f => f.Age, AlignRight: true),
            new("Detail", f => f.Detail),
        ], title: "IAM review");
    }

    private static object Json(IamFinding f) => new
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
