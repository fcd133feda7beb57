using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Iam.Retirement;

/// <summary>
/// Runs the retirement of one review: plans it from the clock, hands the plan to the response runner (which stores,
/// audits and in enforce mode executes it) and then moves the clock: executed notifications start it, executed
/// retirements and findings that are gone stop it. In observe and plan mode the clock is not touched.
/// </summary>
public static class IamRetirement
{
    /// <summary>Plans and runs <paramref name="request"/> at <paramref name="now"/>.</summary>
    public static async Task<ResponseRunResult> RunAsync(IamRetirementRequest request, ResponseRunner runner, IRetirementClockStore clock, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(clock);
        var notified = await clock.ListNoticesAsync(cancellationToken).ConfigureAwait(false);
        var plan = IamRetirementPlanner.Plan(request.Playbook, new IamRetirementInput(ResponseRunner.NewPlanId(now), now, request.Mode)
        {
            Findings = request.Findings,
            UserTags = request.UserTags,
            Notified = notified,
            RequireApproval = request.RequireApproval,
        });
        if (request.TagsUnknown)
        {
            plan = plan with
            {
                Notices = plan.Notices.Add("user tags were not read (offline review): notices go to the team channel, and the sniper:exempt tag is checked again by each retirement when it runs"),
            };
        }

        var result = await runner.RunPlanAsync(plan, cancellationToken).ConfigureAwait(false);
        if (request.Mode != ResponseMode.Enforce)
        {
            return result;
        }

        foreach (var action in result.Plan.Actions.Where(a => a.ActionKey == NotifyCredentialOwner.ActionKey && a.Status == ActionStatus.Executed))
        {
            foreach (var id in action.FindingIds)
            {
                await clock.RecordNoticeAsync(id["iam:".Length..], now, cancellationToken).ConfigureAwait(false);
            }
        }

        var current = request.Findings.Select(RetirementClock.Key).ToHashSet(StringComparer.Ordinal);
        var retired = result.Plan.Actions.Where(a => a.ActionKey is RetireAccessKey.ActionKey or RetireLoginProfile.ActionKey && a.Status == ActionStatus.Executed)
            .SelectMany(a => a.FindingIds).Select(id => id["iam:".Length..]);
        var accounts = request.ReviewedAccounts.Select(a => a + "|").ToList();
        var gone = notified.Keys.Where(k => !current.Contains(k) && accounts.Any(a => k.StartsWith(a, StringComparison.Ordinal)));
        var forget = retired.Concat(gone).Distinct(StringComparer.Ordinal).ToList();
        if (forget.Count > 0)
        {
            await clock.RemoveNoticesAsync(forget, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
