using System.CommandLine;
using System.Text.Json;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Iam;
using CloudSniper.Core.Runbook;
using CloudSniper.Core.Runbook.Model;

namespace CloudSniper.Cli.Commands;

/// <summary>The runbook's IAM section: the same review as <c>sniper iam review</c>, from a credential report file or live.</summary>
internal static class RunbookIam
{
    /// <summary>
    /// The section, or null when IAM is not part of the run. The trend compares with <paramref name="previous"/>: the
    /// <c>runbook-report.json</c> the last run wrote to the same output directory.
    /// </summary>
    public static async Task<IamSection?> SectionAsync(CliEnvironment env, ParseResult parse, bool live, string? reportPath, string? detailsPath, RunbookReport? previous, CancellationToken ct)
    {
        if (!live && reportPath is null)
        {
            return null;
        }

        var config = ConfigResolver.LoadOrThrow(parse, env);
        var options = config.Iam.ToOptions();
        var at = env.Time.GetUtcNow();
        if (live && reportPath is null)
        {
            using var clients = new Aws.Response.AwsClientFactory(new Aws.Response.AwsClientOptions
            {
                Credentials = AwsClients.Credentials(env),
                AssumeRoleName = config.Response.AssumeRole,
                ExternalId = config.Response.ExternalId,
                Environment = env.GetVariable,
                Time = env.Time,
                DefaultRegion = env.GetVariable("AWS_REGION") ?? env.GetVariable("AWS_DEFAULT_REGION") ?? "us-east-1",
            });
            var collector = new Aws.Iam.IamReviewCollector(clients);
            var findings = new List<IamFinding>();
            var errors = new List<string>();
            var principals = 0;
            foreach (var account in config.Iam.Accounts.Count > 0 ? config.Iam.Accounts.Select(a => (string?)a) : [null])
            {
                try
                {
                    var report = await collector.CredentialReportAsync(account, ct).ConfigureAwait(false);
                    var details = await collector.AuthorizationDetailsAsync(account, ct).ConfigureAwait(false);
                    principals += report.Rows.Count;
                    findings.AddRange(IamReviewer.Review(report.Rows, at, options));
                    findings.AddRange(AuthorizationReview.Review(details, options));
                    errors.AddRange(report.Errors.Select(e => e.ToString()));
                }
                catch (Exception ex) when (Aws.Response.AwsFailures.IsAws(ex) || ex is TimeoutException or HttpRequestException)
                {
                    errors.Add($"account {account ?? "(caller's account)"} skipped: {ex.Message}");
                }
            }

            return IamRunbookSection.Build(findings, principals, config.Iam.Accounts.Count > 0 ? "live: " + string.Join(", ", config.Iam.Accounts) : "live", at, errors, previous);
        }

        var full = Path.IsPathRooted(reportPath!) ? reportPath! : Path.Combine(env.CurrentDirectory, reportPath!);
        if (!File.Exists(full))
        {
            throw new UsageException($"--credential-report: no such file: {reportPath}; no report written");
        }

        var parsed = CredentialReportParser.ParseFile(full);
        var found = IamReviewer.Review(parsed.Rows, at, options).ToList();
        var rejected = parsed.Errors.Select(e => e.ToString()).ToList();
        if (detailsPath is not null)
        {
            var detailsFull = Path.IsPathRooted(detailsPath) ? detailsPath : Path.Combine(env.CurrentDirectory, detailsPath);
            try
            {
                using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(detailsFull, ct).ConfigureAwait(false));
                found.AddRange(AuthorizationReview.Review(document.RootElement, options));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--authorization-details: {ex.Message}; no report written");
            }
            catch (JsonException ex)
            {
                rejected.Add($"{detailsPath}:{ex.LineNumber + 1}: not JSON: {ex.Message}");
            }
        }

        return IamRunbookSection.Build(found, parsed.Rows.Count, "credential report " + Path.GetFileName(full), at, rejected, previous);
    }
}
