using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>Every trail encrypts its log files with a KMS key (SSE-KMS).</summary>
public sealed class CloudTrailKmsEncryptionCheck : IPostureCheck
{
    public CheckMetadata Metadata { get; } = new(
        "cloudtrail-kms-encryption",
        "CloudTrail logs are encrypted with KMS",
        "cloudtrail",
        "medium",
        "With S3-managed keys only, anyone with read access to the bucket reads the logs; a KMS key adds a second, audited permission.",
        "aws cloudtrail update-trail --name TRAIL --kms-key-id KEY_ARN",
        "resource \"aws_cloudtrail\" \"main\" {\n  # ...\n  kms_key_id = aws_kms_key.cloudtrail.arn\n}",
        ["3.5"],
        ["cloudtrail:DescribeTrails"]);

    public IEnumerable<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context) => TrailChecks.PerTrail(
        Metadata, snapshot, t => !string.IsNullOrEmpty(t.KmsKeyId), t => $"trail {t.Name} is encrypted with {t.KmsKeyId}", t => $"trail {t.Name} is not encrypted with a KMS key");
}
