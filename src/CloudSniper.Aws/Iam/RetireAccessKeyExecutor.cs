using System.Globalization;
using System.Text.Json;
using CloudSniper.Aws.Response;
using CloudSniper.Core.Iam.Retirement;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Iam;

/// <summary>
/// Executes <c>iam-deactivate-unused-key</c>: finds the key (its id, or the user's key created at <c>created</c>),
/// checks it is still active and unused since the review, and sets it Inactive; undo sets it Active again.
/// </summary>
public sealed class RetireAccessKeyExecutor(AwsClientFactory clients) : IUndoableExecutor
{
    /// <inheritdoc />
    public string ActionKey => RetireAccessKey.ActionKey;

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var user = action.Get("user") ?? throw new ActionFailedException("the action names no user");
        if (IamRetirementGuards.IsRoot(user))
        {
            return ActionOutcome.Skipped("root credentials are never retired automatically");
        }

        var iam = await clients.IamAsync(action.AccountId, "us-east-1", cancellationToken).ConfigureAwait(false);
        if (await ExemptTags.ReasonAsync(iam, user, cancellationToken).ConfigureAwait(false) is { } exempt)
        {
            return ActionOutcome.Skipped(exempt);
        }

        IReadOnlyList<IamAccessKey> keys;
        try
        {
            keys = await iam.ListAccessKeysAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"ListAccessKeys {user}", "iam:ListAccessKeys");
        }

        var key = Find(keys, action.Get("access-key-id"), action.Get("created"));
        if (key is null)
        {
            return ActionOutcome.Skipped($"{user} has no access key {action.Get("access-key-id") ?? "created " + action.Get("created")} any more; nothing to retire");
        }

        if (!string.Equals(key.Status, "Active", StringComparison.Ordinal))
        {
            return ActionOutcome.Skipped($"access key {key.AccessKeyId} of {user} is already {key.Status}");
        }

        DateTimeOffset? lastUsed;
        try
        {
            lastUsed = await iam.GetAccessKeyLastUsedAsync(key.AccessKeyId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"GetAccessKeyLastUsed {key.AccessKeyId}", "iam:GetAccessKeyLastUsed");
        }

        // The credential report is up to four hours old (IAM User Guide, "Getting credential reports"); a use after the one the
        // review saw means the key is in service again, so it is left alone and the next review judges it afresh.
        var seen = DateTimeOffset.TryParse(action.Get("last-used"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s : (DateTimeOffset?)null;
        if (lastUsed is { } used && (seen is null || used > seen.Value.AddMinutes(1)))
        {
            return ActionOutcome.Skipped($"access key {key.AccessKeyId} of {user} was used at {used:u}, after the review; not retired");
        }

        try
        {
            await iam.UpdateAccessKeyAsync(user, key.AccessKeyId, "Inactive", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"UpdateAccessKey {key.AccessKeyId}", "iam:UpdateAccessKey");
        }

        return new ActionOutcome(ActionStatus.Executed, $"deactivated unused access key {key.AccessKeyId} of {user} (not deleted)")
        {
            Before = JsonSerializer.Serialize(new { user, key = key.AccessKeyId, status = "Active", created = key.CreateDate, lastUsed }),
            After = JsonSerializer.Serialize(new { user, key = key.AccessKeyId, status = "Inactive" }),
            Undo = JsonSerializer.Serialize(new KeyUndo(action.AccountId, user, key.AccessKeyId)),
            WriteCalls = 1,
        };
    }

    /// <inheritdoc />
    public async Task<ActionOutcome> UndoAsync(ActionRecord record, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var undo = JsonSerializer.Deserialize<KeyUndo>(record.Undo!)!;
        var iam = await clients.IamAsync(undo.Account, "us-east-1", cancellationToken).ConfigureAwait(false);
        try
        {
            await iam.UpdateAccessKeyAsync(undo.User, undo.Key, "Active", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"UpdateAccessKey {undo.Key}", "iam:UpdateAccessKey");
        }

        return ActionOutcome.Executed($"reactivated access key {undo.Key} of {undo.User}");
    }

    // The credential report's access_key_N_last_rotated is the key's CreateDate, to the second.
    private static IamAccessKey? Find(IReadOnlyList<IamAccessKey> keys, string? id, string? created)
    {
        if (!string.IsNullOrEmpty(id))
        {
            return keys.FirstOrDefault(k => k.AccessKeyId == id);
        }

        if (!DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return null;
        }

        var matches = keys.Where(k => k.CreateDate is { } c && Math.Abs((c - at).TotalSeconds) < 1).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private sealed record KeyUndo(string? Account, string User, string Key);
}
