using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>The root user has MFA enabled.</summary>
public sealed class RootMfaCheck : IPostureCheck
{
    public CheckMetadata Metadata { get; } = new(
        "root-mfa",
        "The root user has MFA enabled",
        "iam",
        "critical",
        "A root password alone, phished or reused, gives full and irrevocable control of the account.",
        "Sign in as root, open Security credentials, and assign an MFA device (no CLI: root MFA cannot be set through the API).",
        "# Root MFA cannot be managed by Terraform; enforce it with an SCP denying actions to root without aws:MultiFactorAuthPresent.",
        ["1.5", "1.6"],
        ["iam:GenerateCredentialReport", "iam:GetCredentialReport"]);

    public IEnumerable<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context) =>
        RootChecks.Evaluate(Metadata, snapshot, root => root.MfaActive ? (CheckStatus.Pass, "root MFA is active") : (CheckStatus.Fail, "root MFA is not active"));
}
