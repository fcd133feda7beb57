using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>Plans a notification: one per channel per plan, listing every finding that asked for it.</summary>
internal static class NotifyPlanning
{
    public static void Plan(ActionPlanningContext context, string channelParameter)
    {
        var channel = context.Invocation.Get(channelParameter);
        if (string.IsNullOrWhiteSpace(channel))
        {
            context.Skip($"no '{channelParameter}' given");
            return;
        }

        context.Act($"{context.Action.Key}|{channel}", [], context.Invocation.Parameters, region: context.Finding.Region);
    }
}
