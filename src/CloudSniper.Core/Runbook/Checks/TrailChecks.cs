using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>Shared shape of the per-trail checks: one result per distinct trail, ERROR where trails could not be listed.</summary>
internal static class TrailChecks
{
    public static IEnumerable<CheckResult> PerTrail(CheckMetadata m, PostureSnapshot snapshot, Func<TrailInfo, bool> ok, Func<TrailInfo, string> pass, Func<TrailInfo, string> fail)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var account in snapshot.Accounts)
        {
            var trails = account.Regions.SelectMany(r => r.Trails).DistinctBy(t => t.Arn ?? t.Name).ToList();
            foreach (var region in account.Regions)
            {
                if (CheckHelpers.ErrorFor(m, region.Errors, "cloudtrail", account.AccountId, region.Region) is { } error)
                {
                    yield return error;
                }
            }

            if (trails.Count == 0 && account.Regions.All(r => r.Errors.All(e => !e.Service.Equals("cloudtrail", StringComparison.OrdinalIgnoreCase))))
            {
                yield return CheckHelpers.Result(m, CheckStatus.Fail, account.AccountId, null, null, "no trail exists");
            }

            foreach (var t in trails)
            {
                yield return ok(t)
                    ? CheckHelpers.Result(m, CheckStatus.Pass, account.AccountId, t.HomeRegion, t.Arn ?? t.Name, pass(t))
                    : CheckHelpers.Result(m, CheckStatus.Fail, account.AccountId, t.HomeRegion, t.Arn ?? t.Name, fail(t));
            }
        }
    }
}
