using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>An AWS Config recorder recording in every region.</summary>
public sealed class ConfigRecordingCheck : IPostureCheck
{
    public CheckMetadata Metadata { get; } = new(
        "config-recording",
        "AWS Config is recording in every region",
        "config",
        "medium",
        "Without Config there is no inventory or configuration history to tell what changed and when.",
        "aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=ROLE --recording-group allSupported=true,includeGlobalResourceTypes=true && aws configservice start-configuration-recorder --configuration-recorder-name default",
        "resource \"aws_config_configuration_recorder\" \"main\" {\n  name     = \"default\"\n  role_arn = aws_iam_role.config.arn\n  recording_group {\n    all_supported = true\n  }\n}\n\nresource \"aws_config_configuration_recorder_status\" \"main\" {\n  name       = aws_config_configuration_recorder.main.name\n  is_enabled = true\n  depends_on = [aws_config_delivery_channel.main]\n}",
        ["3.3"],
        ["config:DescribeConfigurationRecorders", "config:DescribeConfigurationRecorderStatus"]);

    public IEnumerable<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context) =>
        RegionChecks.PerRegion(Metadata, snapshot, "config", (account, region) =>
        {
            var recording = region.ConfigRecorders.FirstOrDefault(r => r.Recording);
            if (recording is not null)
            {
                return [CheckHelpers.Result(Metadata, CheckStatus.Pass, account, region.Region, recording.Name, $"recorder {recording.Name} is recording" + (recording.AllSupported ? " all supported resources" : " (not all resource types)"))];
            }

            var message = region.ConfigRecorders.Count == 0 ? "no configuration recorder" : $"recorder {region.ConfigRecorders[0].Name} is not recording";
            return [CheckHelpers.Result(Metadata, CheckStatus.Fail, account, region.Region, region.ConfigRecorders.FirstOrDefault()?.Name, message)];
        });
}
