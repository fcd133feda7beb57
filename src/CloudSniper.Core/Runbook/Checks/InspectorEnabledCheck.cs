using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>Inspector scanning enabled for EC2, ECR and Lambda wherever such resources exist.</summary>
public sealed class InspectorEnabledCheck : IPostureCheck
{
    public CheckMetadata Metadata { get; } = new(
        "inspector-enabled",
        "Inspector scans EC2, ECR and Lambda where they are used",
        "inspector",
        "high",
        "Unscanned instances, images and functions carry known vulnerabilities nobody is told about.",
        "aws inspector2 enable --resource-types EC2 ECR LAMBDA --region REGION",
        "resource \"aws_inspector2_enabler\" \"main\" {\n  account_ids    = [data.aws_caller_identity.current.account_id]\n  resource_types = [\"EC2\", \"ECR\", \"LAMBDA\"]\n}",
        [],
        ["inspector2:BatchGetAccountStatus", "ec2:DescribeInstances", "ecr:DescribeRepositories", "lambda:ListFunctions"]);

    public IEnumerable<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context) =>
        RegionChecks.PerRegion(Metadata, snapshot, "inspector2", (account, region) =>
        {
            var status = region.Inspector;
            var missing = new List<string>();
            var covered = new List<string>();
            void Need(string kind, int count, string? state)
            {
                if (count == 0)
                {
                    return;
                }

                if (string.Equals(state, "ENABLED", StringComparison.OrdinalIgnoreCase))
                {
                    covered.Add($"{kind} ({count})");
                }
                else
                {
                    missing.Add($"{kind}: {count} resource(s), scanning {state?.ToLowerInvariant() ?? "disabled"}");
                }
            }

            Need("EC2", region.Resources.Ec2Instances, status?.Ec2);
            Need("ECR", region.Resources.EcrRepositories, status?.Ecr);
            Need("Lambda", region.Resources.LambdaFunctions, status?.Lambda);
            if (missing.Count > 0)
            {
                return [CheckHelpers.Result(Metadata, CheckStatus.Fail, account, region.Region, null, string.Join("; ", missing))];
            }

            return [CheckHelpers.Result(Metadata, CheckStatus.Pass, account, region.Region, null, covered.Count > 0 ? "scanning " + string.Join(", ", covered) : "no EC2, ECR or Lambda resources to scan")];
        });
}
