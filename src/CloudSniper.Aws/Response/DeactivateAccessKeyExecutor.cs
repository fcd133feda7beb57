using System.Text.Json;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Response;

/// <summary>Executes <c>deactivate-access-key</c>: <c>UpdateAccessKey</c> to Inactive; undo sets it Active again.</summary>
public sealed class DeactivateAccessKeyExecutor(AwsClientFactory clients) : IUndoableExecutor
{
    /// <inheritdoc />
    public string ActionKey => DeactivateAccessKey.ActionKey;

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var user = action.Get("user") ?? throw new ActionFailedException("the action names no user");
        var key = action.Get("access-key-id") ?? throw new ActionFailedException("the action names no access key");
        await SetAsync(action.AccountId, action.Region ?? "us-east-1", user, key, "Inactive", cancellationToken).ConfigureAwait(false);
        return new ActionOutcome(ActionStatus.Executed, $"deactivated access key {key} of {user}")
        {
            Before = JsonSerializer.Serialize(new { key, status = "Active" }),
            After = JsonSerializer.Serialize(new { key, status = "Inactive" }),
            Undo = JsonSerializer.Serialize(new KeyUndo(action.AccountId, action.Region ?? "us-east-1", user, key)),
            WriteCalls = 1,
        };
    }

    /// <inheritdoc />
    public async Task<ActionOutcome> UndoAsync(ActionRecord record, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var undo = JsonSerializer.Deserialize<KeyUndo>(record.Undo!)!;
        await SetAsync(undo.Account, undo.Region, undo.User, undo.Key, "Active", cancellationToken).ConfigureAwait(false);
        return ActionOutcome.Executed($"reactivated access key {undo.Key} of {undo.User}");
    }

    private async Task SetAsync(string? account, string region, string user, string key, string status, CancellationToken cancellationToken)
    {
        var iam = await clients.IamAsync(account, region, cancellationToken).ConfigureAwait(false);
        try
        {
            await iam.UpdateAccessKeyAsync(user, key, status, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"UpdateAccessKey {key}", "iam:UpdateAccessKey");
        }
    }

    private sealed record KeyUndo(string? Account, string Region, string User, string Key);
}
