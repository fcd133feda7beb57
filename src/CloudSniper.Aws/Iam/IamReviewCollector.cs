using System.Text.Json;
using System.Text.Json.Nodes;
using CloudSniper.Aws.Response;
using CloudSniper.Aws.Signing;
using CloudSniper.Core.Iam;

namespace CloudSniper.Aws.Iam;

/// <summary>Collects what the IAM review reads from one account: the credential report and the authorisation details.</summary>
public sealed class IamReviewCollector(AwsClientFactory clients)
{
    /// <summary>The IAM permissions the collection needs, for <c>sniper iam-policy</c>.</summary>
    public static IReadOnlyList<string> Permissions => Core.Response.WorkerPermissions.IamReview;

    /// <summary>How long to wait for AWS to finish a credential report before giving up: 2 minutes.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The credential report of <paramref name="account"/> (null: the caller's own), generated if needed and waited for.</summary>
    /// <remarks>
    /// IAM User Guide, "Getting credential reports": GenerateCredentialReport starts a report (or reuses one under four hours
    /// old) and answers STARTED, INPROGRESS or COMPLETE; GetCredentialReport answers ReportInProgress while it is built and
    /// ReportNotPresent or ReportExpired when there is none to read, after which a new one must be generated. Waits double from
    /// one second.
    /// </remarks>
    public async Task<CredentialReport> CredentialReportAsync(string? account, CancellationToken cancellationToken)
    {
        var iam = await clients.IamAsync(account, "us-east-1", cancellationToken).ConfigureAwait(false);
        var waited = TimeSpan.Zero;
        var delay = TimeSpan.FromSeconds(1);
        var generate = true;
        while (true)
        {
            if (generate && await iam.GenerateCredentialReportAsync(cancellationToken).ConfigureAwait(false) != "COMPLETE")
            {
                await WaitAsync().ConfigureAwait(false);
                continue;
            }

            try
            {
                var (csv, _) = await iam.GetCredentialReportAsync(cancellationToken).ConfigureAwait(false);
                return CredentialReportParser.Parse(csv, $"credential report of {account ?? "this account"}");
            }
            catch (AwsServiceException ex) when (ex.ErrorCode is "ReportInProgress")
            {
                generate = false;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode is "ReportNotPresent" or "ReportExpired")
            {
                generate = true;
            }

            await WaitAsync().ConfigureAwait(false);
        }

        async Task WaitAsync()
        {
            if (waited >= MaxWait)
            {
                throw new TimeoutException($"IAM did not finish the credential report of {account ?? "this account"} within {MaxWait.TotalSeconds:0} s");
            }

            await (clients.Options.Delay ?? DefaultDelay)(delay, cancellationToken).ConfigureAwait(false);
            waited += delay;
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(16).Ticks));
        }
    }

    /// <summary>Every page of GetAccountAuthorizationDetails, merged into the JSON shape the AWS CLI prints.</summary>
    public async Task<JsonElement> AuthorizationDetailsAsync(string? account, CancellationToken cancellationToken)
    {
        var iam = await clients.IamAsync(account, "us-east-1", cancellationToken).ConfigureAwait(false);
        var merged = new JsonObject();
        string? marker = null;
        do
        {
            var page = await iam.GetAccountAuthorizationDetailsAsync(marker, cancellationToken).ConfigureAwait(false);
            var json = AwsQueryJson.Convert(page) as JsonObject ?? [];
            foreach (var list in new[] { "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies" })
            {
                var target = merged[list] as JsonArray ?? [];
                merged[list] = target;
                if (json[list] is JsonArray items)
                {
                    foreach (var item in items.ToList())
                    {
                        items.Remove(item);
                        target.Add(item);
                    }
                }
            }

            marker = json["IsTruncated"]?.GetValue<bool>() == true ? json["Marker"]?.GetValue<string>() : null;
        }
        while (marker is not null);

        return JsonSerializer.SerializeToElement(merged);
    }

    /// <summary>
    /// For each user with a credential-report finding in <paramref name="account"/>: its key ids (ListAccessKeys, matched to
    /// the report's key by creation time), its tags (ListUserTags: owner and exemption), and for console-without-mfa its MFA
    /// devices now (ListMFADevices), since the report may be up to four hours old. A failing call fails the account: without
    /// the tags the exemption guard cannot be checked.
    /// </summary>
    public async Task<IamUserEnrichment> EnrichAsync(string? account, IReadOnlyList<IamFinding> findings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var iam = await clients.IamAsync(account, "us-east-1", cancellationToken).ConfigureAwait(false);
        var tags = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var keys = new Dictionary<string, IReadOnlyList<IamAccessKey>>(StringComparer.Ordinal);
        var withMfa = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in findings.Where(IsUserCredential).GroupBy(f => f.User, StringComparer.Ordinal))
        {
            var user = group.Key;
            tags[Core.Iam.Retirement.RetirementClock.UserKey(group.First().Account, user)] = await iam.ListUserTagsAsync(user, cancellationToken).ConfigureAwait(false);
            if (group.Any(f => f.Key is not null))
            {
                keys[user] = await iam.ListAccessKeysAsync(user, cancellationToken).ConfigureAwait(false);
            }

            if (group.Any(f => f.Check == IamChecks.ConsoleWithoutMfa.Id) && (await iam.ListMfaDevicesAsync(user, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                withMfa.Add(user);
            }
        }

        var current = new List<IamFinding>(findings.Count);
        foreach (var f in findings)
        {
            if (f.Check == IamChecks.ConsoleWithoutMfa.Id && withMfa.Contains(f.User))
            {
                continue;
            }

            // The credential report's access_key_N_last_rotated is the key's CreateDate (to the second), which names the key.
            var id = f.KeyCreated is { } created && keys.TryGetValue(f.User, out var list)
                ? list.Where(k => k.CreateDate is { } c && Math.Abs((c - created).TotalSeconds) < 1).Select(k => k.AccessKeyId).SingleOrDefault()
                : null;
            current.Add(id is null ? f : f with { KeyId = id });
        }

        return new IamUserEnrichment(current, tags);
    }

    private static bool IsUserCredential(IamFinding f) =>
        !Core.Iam.Retirement.IamRetirementGuards.IsRoot(f.User) && f.Check is not ("admin-policy-attached" or "role-trust-wildcard" or "role-trust-external-no-external-id");

    private static Task DefaultDelay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
}
