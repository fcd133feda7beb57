using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>
/// Removes an unused console password found by the IAM review: <c>GetLoginProfile</c> records that it existed, then
/// <c>DeleteLoginProfile</c>. The old password cannot be restored (IAM never reveals it); <c>sniper undo</c> creates a new
/// login profile with a generated password and <c>PasswordResetRequired</c>, and prints that password once.
/// </summary>
/// <example>
/// <code>
/// # retirement playbook
/// checks:
///   password-unused: retire
/// </code>
/// </example>
public sealed class RetireLoginProfile : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "iam-delete-login-profile";

    public override string Key => ActionKey;

    public override string Description => "Remove a console password the IAM review found unused, after the owner's grace period (never the root user's)";

    public override NistPhase Phase => NistPhase.Containment;

    public override bool Undoable => true;

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("user", ParameterType.String, "The IAM user", Required: true),
        new("last-used", ParameterType.String, "The last use the review saw (ISO 8601, or never)"),
    ];

    // CreateLoginProfile is what undo calls.
    public override IReadOnlyList<string> Permissions { get; } = ["iam:CreateLoginProfile", "iam:DeleteLoginProfile", "iam:GetLoginProfile", "iam:ListUserTags"];

    public override string DryRun => "Names the user whose console password would be removed and how to apply it; IAM is not called.";

    public override void Plan(ActionPlanningContext context) => IamReviewOnly.Plan(context);
}
