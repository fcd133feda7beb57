using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Actions;

namespace CloudSniper.Core.Iam.Retirement;

/// <summary>The IAM permissions a review with its retirement playbook needs: the review's reads and exactly the actions the playbook can take.</summary>
public static class IamRetirementPermissions
{
    /// <summary>The review's reads, plus each retire action a check of <paramref name="playbook"/> uses, plus <c>sns:Publish</c> for an SNS channel.</summary>
    public static IReadOnlyList<string> For(IamRetirementPlaybook playbook, ActionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(registry);
        var permissions = new List<string>(WorkerPermissions.IamReview);
        foreach (var check in IamChecks.All.Where(c => playbook.DecisionFor(c.Id) == RetirementDecision.Retire))
        {
            if (IamRetirementPlanner.RetireKeyFor(check.Id) is { } key && registry.Find(key) is { } action)
            {
                permissions.AddRange(action.Permissions);
            }
        }

        if (playbook.Channel == RetirementChannel.Sns && IamChecks.All.Any(c => playbook.DecisionFor(c.Id) != RetirementDecision.Ignore))
        {
            permissions.AddRange(registry.Find(NotifyCredentialOwner.ActionKey)!.Permissions);
        }

        return [.. permissions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
