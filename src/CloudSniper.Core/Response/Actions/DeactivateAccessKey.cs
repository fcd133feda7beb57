using System.Collections.Immutable;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>
/// Deactivates a leaked IAM user access key (<c>UpdateAccessKey</c> to Inactive). Never for the root user (notify
/// instead); role credentials are handled by <see cref="RevokeRoleSessions"/>.
/// </summary>
/// <example>
/// <code>
/// - deactivate-access-key
/// </code>
/// </example>
public sealed class DeactivateAccessKey : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "deactivate-access-key";

    public override string Key => ActionKey;

    public override string Description => "Set a leaked IAM user's access key to Inactive (never the root user's)";

    public override NistPhase Phase => NistPhase.Containment;

    public override bool Undoable => true;

    public override IReadOnlyList<ActionParameter> Parameters { get; } = [];

    public override IReadOnlyList<string> Permissions { get; } = ["iam:UpdateAccessKey"];

    public override string DryRun => "Names the user and key that would be deactivated; IAM is not called.";

    public override void Plan(ActionPlanningContext context)
    {
        var finding = context.Finding;
        if (finding.AccessKeys.IsEmpty)
        {
            context.Skip("the finding names no access key");
            return;
        }

        foreach (var key in finding.AccessKeys)
        {
            if (string.Equals(key.UserType, "Root", StringComparison.OrdinalIgnoreCase))
            {
                context.Skip("root credentials are never changed automatically; notify instead", key.AccessKeyId ?? "root");
                continue;
            }

            if (!string.Equals(key.UserType, "IAMUser", StringComparison.OrdinalIgnoreCase))
            {
                context.Skip($"a {key.UserType ?? "unknown"} principal has no long-term key to deactivate (use revoke-role-sessions)", key.AccessKeyId ?? key.UserName);
                continue;
            }

            if (string.IsNullOrEmpty(key.AccessKeyId) || string.IsNullOrEmpty(key.UserName) || finding.AccountId is null)
            {
                context.Skip("the finding does not name the key id, its user and the account", key.AccessKeyId ?? key.UserName);
                continue;
            }

            context.Act(
                $"{ActionKey}|{finding.AccountId}|{key.AccessKeyId}",
                [key.AccessKeyId],
                ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new KeyValuePair<string, string>[] { new("user", key.UserName), new("access-key-id", key.AccessKeyId) }));
        }
    }
}
