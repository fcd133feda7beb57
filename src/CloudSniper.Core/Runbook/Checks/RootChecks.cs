using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>Shared shape of the root checks: per account, ERROR when the credential report could not be read.</summary>
internal static class RootChecks
{
    public static IEnumerable<CheckResult> Evaluate(CheckMetadata m, PostureSnapshot snapshot, Func<RootCredentials, (CheckStatus Status, string Message)> verdict)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var account in snapshot.Accounts)
        {
            if (CheckHelpers.ErrorFor(m, account.Errors, "iam", account.AccountId, null) is { } error)
            {
                yield return error;
                continue;
            }

            if (account.Root is null)
            {
                yield return CheckHelpers.Result(m, CheckStatus.Error, account.AccountId, null, "root", "no credential report was collected");
                continue;
            }

            var (status, message) = verdict(account.Root);
            yield return CheckHelpers.Result(m, status, account.AccountId, null, $"arn:aws:iam::{account.AccountId}:root", message);
        }
    }
}
