using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>An active flow log on every VPC in use.</summary>
public sealed class VpcFlowLogsCheck : IPostureCheck
{
    public CheckMetadata Metadata { get; } = new(
        "vpc-flow-logs",
        "VPC flow logs are enabled on every VPC in use",
        "vpc",
        "medium",
        "Without flow logs, GuardDuty's network findings cannot be investigated and beaconing cannot be hunted.",
        "aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::BUCKET",
        "resource \"aws_flow_log\" \"main\" {\n  vpc_id               = var.vpc_id\n  traffic_type         = \"ALL\"\n  log_destination_type = \"s3\"\n  log_destination      = var.bucket_arn\n}",
        ["3.7"],
        ["ec2:DescribeVpcs", "ec2:DescribeFlowLogs", "ec2:DescribeNetworkInterfaces"]);

    public IEnumerable<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context) =>
        RegionChecks.PerRegion(Metadata, snapshot, "ec2", (account, region) =>
            region.Vpcs.Where(v => v.InUse).Select(v =>
            {
                var log = region.FlowLogs.FirstOrDefault(f => f.ResourceId == v.VpcId && f.Status.Equals("ACTIVE", StringComparison.OrdinalIgnoreCase));
                return log is not null
                    ? CheckHelpers.Result(Metadata, CheckStatus.Pass, account, region.Region, v.VpcId, $"flow log {log.FlowLogId} is active")
                    : CheckHelpers.Result(Metadata, CheckStatus.Fail, account, region.Region, v.VpcId, region.FlowLogs.Any(f => f.ResourceId == v.VpcId) ? "flow log exists but is not active" : "no flow log on this VPC");
            }).ToList());
}
