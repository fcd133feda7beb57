using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>Every trail validates its log files (digest files), so tampering with delivered logs is detectable.</summary>
public sealed class CloudTrailLogValidationCheck : IPostureCheck
{
    public CheckMetadata Metadata { get; } = new(
        "cloudtrail-log-file-validation",
        "CloudTrail log file validation is enabled",
        "cloudtrail",
        "medium",
        "Without digest files, an intruder who can write to the log bucket can alter or delete records without trace.",
        "aws cloudtrail update-trail --name TRAIL --enable-log-file-validation",
        "resource \"aws_cloudtrail\" \"main\" {\n  # ...\n  enable_log_file_validation = true\n}",
        ["3.2"],
        ["cloudtrail:DescribeTrails"]);

    public IEnumerable<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context) => TrailChecks.PerTrail(
        Metadata, snapshot, t => t.LogFileValidationEnabled, t => $"trail {t.Name} validates log files", t => $"trail {t.Name} does not validate log files");
}
