using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>An enabled (not suspended) GuardDuty detector in every region.</summary>
public sealed class GuardDutyEnabledCheck : IPostureCheck
{
    public CheckMetadata Metadata { get; } = new(
        "guardduty-enabled",
        "GuardDuty is enabled in every region",
        "guardduty",
        "high",
        "A region without GuardDuty is where an intruder mines cryptocurrency or stages tooling unseen.",
        "aws guardduty create-detector --enable --region REGION   # or: aws guardduty update-detector --detector-id ID --enable",
        "resource \"aws_guardduty_detector\" \"main\" {\n  enable = true\n}",
        [],
        ["guardduty:ListDetectors", "guardduty:GetDetector"]);

    public IEnumerable<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context) =>
        RegionChecks.PerRegion(Metadata, snapshot, "guardduty", (account, region) =>
        {
            var detector = region.GuardDutyDetectors.FirstOrDefault(d => d.Status.Equals("ENABLED", StringComparison.OrdinalIgnoreCase));
            if (detector is not null)
            {
                return [CheckHelpers.Result(Metadata, CheckStatus.Pass, account, region.Region, detector.DetectorId, $"detector {detector.DetectorId} is enabled")];
            }

            var message = region.GuardDutyDetectors.Count == 0
                ? "no GuardDuty detector"
                : $"detector {region.GuardDutyDetectors[0].DetectorId} is suspended ({region.GuardDutyDetectors[0].Status})";
            return [CheckHelpers.Result(Metadata, CheckStatus.Fail, account, region.Region, region.GuardDutyDetectors.FirstOrDefault()?.DetectorId, message)];
        });
}
