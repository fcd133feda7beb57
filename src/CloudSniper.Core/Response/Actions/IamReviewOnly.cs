using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>Planning for the IAM retirement actions in finding playbooks: they are planned by the IAM review, never by a finding rule.</summary>
internal static class IamReviewOnly
{
    public static void Plan(ActionPlanningContext context) =>
        context.Skip($"{context.Action.Key} is planned by 'sniper iam review --respond' from the IAM review and its retirement playbook, not by finding playbooks");
}
