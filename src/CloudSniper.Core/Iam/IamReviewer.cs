using System.Globalization;

namespace CloudSniper.Core.Iam;

/// <summary>
/// Reviews credentials and trusts: pure functions of a credential report, authorisation details, a clock and thresholds.
/// </summary>
/// <remarks>
/// Ages are measured as elapsed time, compared with whole-day thresholds: a key last used exactly 45×24 hours ago is
/// unused at 45 days; one used 44 days and 23 hours ago is not. Inactive keys and disabled passwords are never
/// findings: they cannot be used, so there is nothing to retire.
/// </remarks>
public static class IamReviewer
{
    /// <summary>Every finding of the credential report's rows at <paramref name="now"/>, in report order.</summary>
    public static IReadOnlyList<IamFinding> Review(IEnumerable<CredentialReportRow> rows, DateTimeOffset now, IamReviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var findings = new List<IamFinding>();
        foreach (var row in rows)
        {
            if (row.IsRoot)
            {
                ReviewRoot(row, now, options, findings);
            }
            else
            {
                ReviewUser(row, now, options, findings);
            }
        }

        return findings;
    }

    private static void ReviewRoot(CredentialReportRow row, DateTimeOffset now, IamReviewOptions options, List<IamFinding> findings)
    {
        foreach (var key in row.Keys.Where(k => k.Active))
        {
            findings.Add(Finding(IamChecks.RootAccessKey, row, key.Number, $"root access key {key.Number} is active", key.LastUsed, Days(now, key.LastRotated)));
        }

        if (!row.MfaActive)
        {
            findings.Add(Finding(IamChecks.RootNoMfa, row, null, "root has no active MFA device", null, null));
        }

        var uses = new (string What, DateTimeOffset? When)[] { ("password", row.PasswordLastUsed), ("access key 1", row.Key1.LastUsed), ("access key 2", row.Key2.LastUsed) };
        var last = uses.Where(u => u.When is not null).OrderByDescending(u => u.When).FirstOrDefault();
        if (last.When is { } when && (now - when).TotalDays <= options.RootRecentUseDays)
        {
            var days = Days(now, when);
            findings.Add(Finding(IamChecks.RootRecentUse, row, null,
                $"root {last.What} used {days} day(s) ago ({Date(when)}), within {options.RootRecentUseDays} days", when, days));
        }
    }

    private static void ReviewUser(CredentialReportRow row, DateTimeOffset now, IamReviewOptions options, List<IamFinding> findings)
    {
        if (row.PasswordEnabled == true)
        {
            if (!row.MfaActive)
            {
                findings.Add(Finding(IamChecks.ConsoleWithoutMfa, row, null, "console password enabled and no MFA device active", row.PasswordLastUsed, null));
            }

            if (row.PasswordLastUsed is { } used)
            {
                if (Reached(now, used, options.PasswordUnusedDays))
                {
                    var days = Days(now, used);
                    findings.Add(Finding(IamChecks.PasswordUnused, row, null, $"password last used {days} day(s) ago ({Date(used)})", used, days));
                }
            }
            else if (row.Created is { } created && Reached(now, created, options.PasswordUnusedDays))
            {
                var days = Days(now, created);
                findings.Add(Finding(IamChecks.PasswordUnused, row, null, $"password never used; user created {days} day(s) ago ({Date(created)})", null, days));
            }
        }

        var active = row.Keys.Where(k => k.Active).ToList();
        foreach (var key in active)
        {
            if (key.LastUsed is { } used)
            {
                if (Reached(now, used, options.KeyUnusedDays))
                {
                    var days = Days(now, used);
                    findings.Add(Finding(IamChecks.KeyUnused, row, key.Number, $"access key {key.Number} last used {days} day(s) ago ({Date(used)})", used, days));
                }
            }
            else if ((key.LastRotated ?? row.Created) is { } created && Reached(now, created, options.KeyUnusedDays))
            {
                var days = Days(now, created);
                findings.Add(Finding(IamChecks.KeyUnused, row, key.Number, $"access key {key.Number} never used; created {days} day(s) ago ({Date(created)})", null, days));
            }

            if (key.LastRotated is { } rotated && Reached(now, rotated, options.KeyRotationDays))
            {
                var days = Days(now, rotated);
                findings.Add(Finding(IamChecks.KeyNotRotated, row, key.Number, $"access key {key.Number} last rotated {days} day(s) ago ({Date(rotated)})", key.LastUsed, days));
            }
        }

        if (active.Count == 2)
        {
            findings.Add(Finding(IamChecks.MultipleActiveKeys, row, null, "access keys 1 and 2 are both active", null, null));
        }
    }

    /// <summary>A finding of <paramref name="check"/> about a principal named <paramref name="user"/> with ARN <paramref name="arn"/>.</summary>
    internal static IamFinding Finding(IamCheckInfo check, string user, string? arn, int? key, string detail, DateTimeOffset? lastUsed, int? age) =>
        new(check.Id, user, key, null, check.Severity, check.Cis, detail, lastUsed, age, AccountOf(arn));

    internal static string? AccountOf(string? arn) => arn?.Split(':') is { Length: >= 5 } parts && parts[4].Length > 0 ? parts[4] : null;

    private static IamFinding Finding(IamCheckInfo check, CredentialReportRow row, int? key, string detail, DateTimeOffset? lastUsed, int? age) =>
        Finding(check, row.User, row.Arn, key, detail, lastUsed, age) with { KeyCreated = key switch { 1 => row.Key1.LastRotated, 2 => row.Key2.LastRotated, _ => null } };

    private static bool Reached(DateTimeOffset now, DateTimeOffset since, int thresholdDays) => now - since >= TimeSpan.FromDays(thresholdDays);

    private static int Days(DateTimeOffset now, DateTimeOffset since) => (int)Math.Floor((now - since).TotalDays);

    private static int? Days(DateTimeOffset now, DateTimeOffset? since) => since is { } s ? Days(now, s) : null;

    private static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
