using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>The root user has no active access keys.</summary>
public sealed class RootAccessKeysCheck : IPostureCheck
{
    public CheckMetadata Metadata { get; } = new(
        "root-no-access-keys",
        "The root user has no access keys",
        "iam",
        "critical",
        "A leaked root access key is full control of the account from anywhere, with no MFA.",
        "Sign in as root, open Security credentials, and delete the access keys (root keys cannot be deleted through another principal's API call).",
        "# Root keys cannot be managed by Terraform; detect them with this check and delete them by hand.",
        ["1.4"],
        ["iam:GenerateCredentialReport", "iam:GetCredentialReport"]);

    public IEnumerable<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context) =>
        RootChecks.Evaluate(Metadata, snapshot, root =>
        {
            var active = (root.AccessKey1Active ? 1 : 0) + (root.AccessKey2Active ? 1 : 0);
            return active == 0 ? (CheckStatus.Pass, "root has no active access key") : (CheckStatus.Fail, $"root has {active} active access key(s)");
        });
}
