using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>Shared shape of the per-region checks: ERROR when the service's collection failed there, else the check's own verdict.</summary>
internal static class RegionChecks
{
    public static IEnumerable<CheckResult> PerRegion(CheckMetadata m, PostureSnapshot snapshot, string service, Func<string, RegionPosture, IEnumerable<CheckResult>> evaluate)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var account in snapshot.Accounts)
        {
            foreach (var region in account.Regions)
            {
                if (CheckHelpers.ErrorFor(m, region.Errors, service, account.AccountId, region.Region) is { } error)
                {
                    yield return error;
                    continue;
                }

                foreach (var result in evaluate(account.AccountId, region))
                {
                    yield return result;
                }
            }
        }
    }
}
