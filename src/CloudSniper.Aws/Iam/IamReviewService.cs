using System.Collections.Immutable;
using CloudSniper.Aws.Response;
using CloudSniper.Core.Iam;
using CloudSniper.Core.Iam.Retirement;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;

namespace CloudSniper.Aws.Iam;

/// <summary>
/// The live IAM review and retirement of every configured account, as one call a scheduled job (or a verb) makes:
/// <see cref="ReviewAndRetireAsync"/>. An account that fails is skipped and reported; the others go on.
/// </summary>
public sealed class IamReviewService(AwsClientFactory clients, ResponseRunner runner, IRetirementClockStore clock, TimeProvider? time = null)
{
    private readonly IamReviewCollector _collector = new(clients);

    /// <summary>The collector in use (its wait limit can be changed).</summary>
    public IamReviewCollector Collector => _collector;

    /// <summary>
    /// Reviews <paramref name="accounts"/> (empty: the caller's own) at <paramref name="now"/> (null: the clock) and, unless
    /// <paramref name="mode"/> is null, plans and runs the retirement in that mode (observe, plan or enforce).
    /// </summary>
    public async Task<IamReviewRun> ReviewAndRetireAsync(
        IReadOnlyList<string> accounts,
        IamReviewOptions options,
        IamRetirementPlaybook playbook,
        ResponseMode? mode,
        ImmutableArray<string> requireApproval = default,
        DateTimeOffset? now = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var at = now ?? (time ?? TimeProvider.System).GetUtcNow();
        var findings = new List<IamFinding>();
        var tags = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var failed = new List<(string, string)>();
        var rejected = new List<RecordError>();
        var reviewedAccounts = new List<string>();
        var principals = 0;
        var reviewed = 0;
        foreach (var account in accounts.Count > 0 ? accounts.Select(a => (string?)a) : [null])
        {
            try
            {
                var report = await _collector.CredentialReportAsync(account, cancellationToken).ConfigureAwait(false);
                var details = await _collector.AuthorizationDetailsAsync(account, cancellationToken).ConfigureAwait(false);
                var found = IamReviewer.Review(report.Rows, at, options).Concat(AuthorizationReview.Review(details, options)).ToList();
                var enriched = mode is null ? new IamUserEnrichment(found, tags) : await _collector.EnrichAsync(account, found, cancellationToken).ConfigureAwait(false);
                findings.AddRange(enriched.Findings);
                foreach (var (k, v) in enriched.UserTags)
                {
                    tags[k] = v;
                }

                principals += report.Rows.Count;
                rejected.AddRange(report.Errors);
                reviewedAccounts.AddRange(report.Rows.Select(r => IamAccount(r.Arn)).OfType<string>().Distinct());
                if (account is not null)
                {
                    reviewedAccounts.Add(account);
                }

                reviewed++;
            }
            catch (Exception ex) when (AwsFailures.IsAws(ex) || ex is TimeoutException or HttpRequestException)
            {
                failed.Add((account ?? "(caller's account)", ex.Message));
            }
        }

        ResponseRunResult? retirement = null;
        if (mode is { } m)
        {
            var request = new IamRetirementRequest
            {
                Findings = findings,
                UserTags = tags,
                ReviewedAccounts = [.. reviewedAccounts.Distinct(StringComparer.Ordinal)],
                Playbook = playbook,
                Mode = m,
                RequireApproval = requireApproval.IsDefault ? [] : requireApproval,
            };
            retirement = await IamRetirement.RunAsync(request, runner, clock, at, cancellationToken).ConfigureAwait(false);
        }

        return new IamReviewRun(findings, principals, reviewed, failed, rejected, retirement);
    }

    private static string? IamAccount(string? arn) => arn?.Split(':') is { Length: >= 5 } parts && parts[4].Length > 0 ? parts[4] : null;
}
