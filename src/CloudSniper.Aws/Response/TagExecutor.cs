using System.Text.Json;
using Amazon.EC2.Model;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Response;

/// <summary>Executes <c>tag</c>: tags the instance, its volumes and its network interfaces; undo deletes the tags and restores the instance's previous values.</summary>
public sealed class TagExecutor(AwsClientFactory clients) : IUndoableExecutor
{
    /// <inheritdoc />
    public string ActionKey => TagResources.ActionKey;

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var region = action.Region ?? throw new ActionFailedException("the action names no region");
        var instanceId = action.Get("instance") ?? action.ResourceIds.FirstOrDefault() ?? throw new ActionFailedException("the action names no instance");
        var ec2 = await clients.Ec2Async(action.AccountId, region, cancellationToken).ConfigureAwait(false);
        var instance = await Ec2Instances.DescribeAsync(ec2, instanceId, cancellationToken).ConfigureAwait(false);
        var resources = new List<string> { instanceId };
        resources.AddRange(Ec2Instances.Volumes(instance));
        resources.AddRange(Ec2Instances.Interfaces(instance).Select(n => n.NetworkInterfaceId).OfType<string>());

        var tags = Tags(action);
        var previous = (instance.Tags ?? []).Where(t => tags.ContainsKey(t.Key)).ToDictionary(t => t.Key, t => t.Value);
        try
        {
            await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = resources, Tags = [.. tags.Select(t => new Tag(t.Key, t.Value))] }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"CreateTags {instanceId}", "ec2:CreateTags");
        }

        return new ActionOutcome(ActionStatus.Executed, $"tagged {resources.Count} resource(s) of {instanceId} with {tags.Count} tag(s)")
        {
            Before = JsonSerializer.Serialize(previous),
            After = JsonSerializer.Serialize(new { resources, tags }),
            Undo = JsonSerializer.Serialize(new TagUndo(region, action.AccountId, resources, [.. tags.Keys], previous)),
            WriteCalls = 1,
        };
    }

    /// <inheritdoc />
    public async Task<ActionOutcome> UndoAsync(ActionRecord record, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var undo = JsonSerializer.Deserialize<TagUndo>(record.Undo!)!;
        var ec2 = await clients.Ec2Async(undo.Account, undo.Region, cancellationToken).ConfigureAwait(false);
        try
        {
            await ec2.DeleteTagsAsync(new DeleteTagsRequest { Resources = undo.Resources, Tags = [.. undo.Keys.Select(k => new Tag { Key = k })] }, cancellationToken).ConfigureAwait(false);
            if (undo.Previous.Count > 0)
            {
                await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [undo.Resources[0]], Tags = [.. undo.Previous.Select(t => new Tag(t.Key, t.Value))] }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, "DeleteTags", "ec2:DeleteTags");
        }

        return ActionOutcome.Executed($"removed {undo.Keys.Count} tag(s) from {undo.Resources.Count} resource(s)" + (undo.Previous.Count > 0 ? $", restored {undo.Previous.Count}" : ""));
    }

    /// <summary>The tags an action writes: the chosen <c>cloudsniper:</c> keys and the extra <c>Key=Value</c> pairs.</summary>
    public static Dictionary<string, string> Tags(PlannedAction action)
    {
        var prefix = action.Get("prefix") ?? "cloudsniper:";
        var keys = (action.Get("keys") ?? string.Join(',', TagResources.TagNames)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (action.Get(key) is { } value)
            {
                tags[prefix + key] = value;
            }
        }

        foreach (var pair in (action.Get("extra") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                tags[pair[..eq]] = pair[(eq + 1)..];
            }
        }

        return tags;
    }

    private sealed record TagUndo(string Region, string? Account, List<string> Resources, List<string> Keys, Dictionary<string, string> Previous);
}
