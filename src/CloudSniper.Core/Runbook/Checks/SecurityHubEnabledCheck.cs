using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>Security Hub enabled in every region with at least one standard subscribed and ready.</summary>
public sealed class SecurityHubEnabledCheck : IPostureCheck
{
    public CheckMetadata Metadata { get; } = new(
        "securityhub-enabled",
        "Security Hub is enabled with standards in every region",
        "securityhub",
        "medium",
        "Without Security Hub and its standards, configuration drift and third-party findings are not gathered in one place.",
        "aws securityhub enable-security-hub --enable-default-standards --region REGION",
        "resource \"aws_securityhub_account\" \"main\" {}\n\nresource \"aws_securityhub_standards_subscription\" \"fsbp\" {\n  standards_arn = \"arn:aws:securityhub:${var.region}::standards/aws-foundational-security-best-practices/v/1.0.0\"\n  depends_on    = [aws_securityhub_account.main]\n}",
        ["4.16"],
        ["securityhub:DescribeHub", "securityhub:GetEnabledStandards"]);

    public IEnumerable<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context) =>
        RegionChecks.PerRegion(Metadata, snapshot, "securityhub", (account, region) =>
        {
            var hub = region.SecurityHub;
            if (hub is null)
            {
                return [CheckHelpers.Result(Metadata, CheckStatus.Fail, account, region.Region, null, "Security Hub is not enabled")];
            }

            var ready = hub.Standards.Where(s => s.Status.Equals("READY", StringComparison.OrdinalIgnoreCase)).ToList();
            return ready.Count > 0
                ? [CheckHelpers.Result(Metadata, CheckStatus.Pass, account, region.Region, hub.HubArn, $"enabled with {ready.Count} standard(s): {string.Join(", ", ready.Select(s => StandardName(s.StandardsArn)))}")]
                : [CheckHelpers.Result(Metadata, CheckStatus.Fail, account, region.Region, hub.HubArn, "enabled but no standard is subscribed and ready")];
        });

    private static string StandardName(string arn)
    {
        var i = arn.IndexOf("standards/", StringComparison.Ordinal);
        return i >= 0 ? arn[(i + 10)..] : arn;
    }
}
