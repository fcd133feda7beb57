using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>
/// Retires an unused IAM user access key found by the IAM review: <c>UpdateAccessKey Status=Inactive</c>, never a delete,
/// so <c>sniper undo</c> can reactivate it. Before acting the executor asks <c>GetAccessKeyLastUsed</c> and leaves a key
/// that was used after the review alone (the credential report can be up to four hours old).
/// </summary>
/// <example>
/// <code>
/// # retirement playbook
/// checks:
///   key-unused: retire
/// </code>
/// </example>
public sealed class RetireAccessKey : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "iam-deactivate-unused-key";

    public override string Key => ActionKey;

    public override string Description => "Deactivate an access key the IAM review found unused, after the owner's grace period (never the root user's, never deleted)";

    public override NistPhase Phase => NistPhase.Containment;

    public override bool Undoable => true;

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("user", ParameterType.String, "The IAM user", Required: true),
        new("slot", ParameterType.Integer, "1 or 2, the credential report's numbering of the user's keys"),
        new("access-key-id", ParameterType.String, "The key id, when the review knew it (live)"),
        new("created", ParameterType.String, "When the key was created (access_key_N_last_rotated), to find its id with ListAccessKeys"),
        new("last-used", ParameterType.String, "The last use the review saw (ISO 8601, or never); a later use stops the retirement"),
    ];

    public override IReadOnlyList<string> Permissions { get; } = ["iam:GetAccessKeyLastUsed", "iam:ListAccessKeys", "iam:ListUserTags", "iam:UpdateAccessKey"];

    public override string DryRun => "Names the user and key that would be deactivated and how to apply it; IAM is not called.";

    public override void Plan(ActionPlanningContext context) => IamReviewOnly.Plan(context);
}
