using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>At least one multi-region trail that is logging and includes management events (read and write).</summary>
public sealed class CloudTrailMultiRegionCheck : IPostureCheck
{
    public CheckMetadata Metadata { get; } = new(
        "cloudtrail-multi-region-logging",
        "A multi-region CloudTrail trail is logging management events",
        "cloudtrail",
        "critical",
        "Without a logging multi-region trail, API activity in some regions (or all) leaves no audit record, and incidents cannot be investigated.",
        "aws cloudtrail create-trail --name org-trail --s3-bucket-name BUCKET --is-multi-region-trail --enable-log-file-validation --kms-key-id KEY && aws cloudtrail start-logging --name org-trail",
        "resource \"aws_cloudtrail\" \"main\" {\n  name                          = \"org-trail\"\n  s3_bucket_name                = var.bucket\n  is_multi_region_trail         = true\n  include_global_service_events = true\n  enable_log_file_validation    = true\n  kms_key_id                    = var.kms_key_arn\n}",
        ["3.1"],
        ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"]);

    public IEnumerable<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var account in snapshot.Accounts)
        {
            var trails = account.Regions.SelectMany(r => r.Trails).DistinctBy(t => t.Arn ?? t.Name).ToList();
            var good = trails.FirstOrDefault(t => t.IsMultiRegion && t.IsLogging && t.IncludesManagementEvents && t.ReadWriteType == "All");
            if (good is not null)
            {
                yield return CheckHelpers.Result(Metadata, CheckStatus.Pass, account.AccountId, good.HomeRegion, good.Arn ?? good.Name, $"trail {good.Name} is multi-region, logging and records all management events");
                continue;
            }

            var error = account.Regions.Select(r => CheckHelpers.ErrorFor(Metadata, r.Errors, "cloudtrail", account.AccountId, r.Region)).FirstOrDefault(e => e is not null);
            if (error is not null && trails.Count == 0)
            {
                yield return error;
                continue;
            }

            var why = trails.Count == 0
                ? "no trail exists"
                : string.Join("; ", trails.Select(t => $"{t.Name}: " + string.Join(", ", Problems(t))));
            yield return CheckHelpers.Result(Metadata, CheckStatus.Fail, account.AccountId, null, null, why);
        }
    }

    private static IEnumerable<string> Problems(TrailInfo t)
    {
        if (!t.IsMultiRegion)
        {
            yield return "single-region";
        }

        if (!t.IsLogging)
        {
            yield return "not logging";
        }

        if (!t.IncludesManagementEvents)
        {
            yield return "excludes management events";
        }

        if (t.ReadWriteType != "All")
        {
            yield return $"records {t.ReadWriteType} events only";
        }
    }
}
