using Amazon.EC2.Model;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Aws.Response;

/// <summary>Executes <c>tag-owner</c>: tags the resources a CloudTrail create event named with their creator's <c>Owner</c> and <c>PrincipalId</c>.</summary>
public sealed class TagOwnerExecutor(AwsClientFactory clients) : IActionExecutor
{
    /// <inheritdoc />
    public string ActionKey => TagOwner.ActionKey;

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var region = action.Region ?? throw new ActionFailedException("the action names no region");
        var ec2 = await clients.Ec2Async(action.AccountId, region, cancellationToken).ConfigureAwait(false);
        var tags = new List<Tag> { new(action.Get("owner-key") ?? "Owner", action.Get("owner") ?? ""), new(action.Get("principal-key") ?? "PrincipalId", action.Get("principal-id") ?? "") };
        try
        {
            await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [.. action.ResourceIds], Tags = tags }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, "CreateTags", "ec2:CreateTags");
        }

        return new ActionOutcome(ActionStatus.Executed, $"tagged {action.ResourceIds.Length} resource(s) with Owner={action.Get("owner")}") { WriteCalls = 1 };
    }
}
