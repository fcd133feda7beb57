using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>The root user's password and keys were not used recently.</summary>
public sealed class RootRecentUseCheck : IPostureCheck
{
    public CheckMetadata Metadata { get; } = new(
        "root-not-used-recently",
        "The root user was not used recently",
        "iam",
        "high",
        "Day-to-day use of root means its credentials are exposed often; any use outside the few tasks that need it is suspicious.",
        "aws iam generate-credential-report && aws iam get-credential-report   # review root's password_last_used and access_key_*_last_used_date",
        "# Deny root use with an SCP: Condition StringLike aws:PrincipalArn = arn:aws:iam::*:root",
        ["1.7"],
        ["iam:GenerateCredentialReport", "iam:GetCredentialReport"]);

    public IEnumerable<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RootChecks.Evaluate(Metadata, snapshot, root =>
        {
            var last = new[] { root.PasswordLastUsed, root.AccessKey1LastUsed, root.AccessKey2LastUsed }.Max();
            if (last is null)
            {
                return (CheckStatus.Pass, "root has no recorded use");
            }

            var days = (context.Now - last.Value).TotalDays;
            return days <= context.RootRecentDays
                ? (CheckStatus.Fail, $"root was used {Math.Floor(days)} day(s) ago ({last.Value:yyyy-MM-dd})")
                : (CheckStatus.Pass, $"root last used {last.Value:yyyy-MM-dd}, more than {context.RootRecentDays} days ago");
        });
    }
}
