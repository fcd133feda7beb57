using System.Collections.Immutable;
using System.Globalization;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>
/// Revokes a role's active sessions: an inline deny-all policy conditioned on <c>aws:TokenIssueTime</c> earlier
/// than now, so credentials issued before the incident stop working while new sessions still can be started.
/// </summary>
/// <example>
/// <code>
/// - revoke-role-sessions
/// </code>
/// </example>
public sealed class RevokeRoleSessions : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "revoke-role-sessions";

    /// <summary>The default inline policy name.</summary>
    public const string DefaultPolicyName = "cloudsniper-revoke-older-sessions";

    public override string Key => ActionKey;

    public override string Description => "Deny every action to the role's sessions issued before now (inline policy on aws:TokenIssueTime)";

    public override NistPhase Phase => NistPhase.Containment;

    public override bool Undoable => true;

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("policy-name", ParameterType.String, "Name of the inline deny policy", DefaultPolicyName),
    ];

    public override IReadOnlyList<string> Permissions { get; } = ["iam:PutRolePolicy", "iam:DeleteRolePolicy"];

    public override string DryRun => "Names the role and the issue-time cut-off that would be denied; IAM is not called.";

    public override void Plan(ActionPlanningContext context)
    {
        var finding = context.Finding;
        var any = false;
        foreach (var key in finding.AccessKeys)
        {
            if (string.Equals(key.UserType, "Root", StringComparison.OrdinalIgnoreCase))
            {
                context.Skip("root credentials are never changed automatically; notify instead", key.AccessKeyId ?? "root");
                any = true;
                continue;
            }

            if (!string.Equals(key.UserType, "AssumedRole", StringComparison.OrdinalIgnoreCase) && !string.Equals(key.UserType, "Role", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            any = true;
            if (string.IsNullOrEmpty(key.UserName) || finding.AccountId is null)
            {
                context.Skip("the finding does not name the role and account", key.AccessKeyId);
                continue;
            }

            context.Act(
                $"{ActionKey}|{finding.AccountId}|{key.UserName}",
                [key.UserName],
                ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new KeyValuePair<string, string>[]
                {
                    new("role", key.UserName),
                    new("policy-name", context.Invocation.GetString("policy-name", DefaultPolicyName)),
                    new("issued-before", context.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                }));
        }

        if (!any)
        {
            context.Skip("the finding names no role session");
        }
    }
}
