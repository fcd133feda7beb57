using System.Text.Json;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Response;

/// <summary>
/// Executes <c>revoke-role-sessions</c>: an inline policy denying every action to sessions whose
/// <c>aws:TokenIssueTime</c> is before the cut-off (AWS's documented way to revoke a role's temporary credentials);
/// undo deletes the policy.
/// </summary>
public sealed class RevokeRoleSessionsExecutor(AwsClientFactory clients) : IUndoableExecutor
{
    /// <inheritdoc />
    public string ActionKey => RevokeRoleSessions.ActionKey;

    /// <summary>The deny-all policy for sessions issued before <paramref name="issuedBefore"/> (ISO 8601 UTC).</summary>
    public static string PolicyDocument(string issuedBefore) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = new[]
        {
            new
            {
                Effect = "Deny",
                Action = new[] { "*" },
                Resource = new[] { "*" },
                Condition = new { DateLessThan = new Dictionary<string, string> { ["aws:TokenIssueTime"] = issuedBefore } },
            },
        },
    });

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var role = action.Get("role") ?? throw new ActionFailedException("the action names no role");
        var policy = action.Get("policy-name") ?? RevokeRoleSessions.DefaultPolicyName;
        var cutoff = action.Get("issued-before") ?? context.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var iam = await clients.IamAsync(action.AccountId, action.Region ?? "us-east-1", cancellationToken).ConfigureAwait(false);
        try
        {
            await iam.PutRolePolicyAsync(role, policy, PolicyDocument(cutoff), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"PutRolePolicy {role}", "iam:PutRolePolicy");
        }

        return new ActionOutcome(ActionStatus.Executed, $"revoked sessions of role {role} issued before {cutoff} (inline policy {policy})")
        {
            After = JsonSerializer.Serialize(new { role, policy, issuedBefore = cutoff }),
            Undo = JsonSerializer.Serialize(new RoleUndo(action.AccountId, action.Region ?? "us-east-1", role, policy)),
            WriteCalls = 1,
        };
    }

    /// <inheritdoc />
    public async Task<ActionOutcome> UndoAsync(ActionRecord record, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var undo = JsonSerializer.Deserialize<RoleUndo>(record.Undo!)!;
        var iam = await clients.IamAsync(undo.Account, undo.Region, cancellationToken).ConfigureAwait(false);
        try
        {
            await iam.DeleteRolePolicyAsync(undo.Role, undo.Policy, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AwsFailures.IsAws(ex))
        {
            throw AwsFailures.From(ex, $"DeleteRolePolicy {undo.Role}", "iam:DeleteRolePolicy");
        }

        return ActionOutcome.Executed($"deleted inline policy {undo.Policy} of role {undo.Role}");
    }

    private sealed record RoleUndo(string? Account, string Region, string Role, string Policy);
}
