using CloudSniper.Core.Runbook.Model;
using CloudSniper.Core.Runbook.Posture;

namespace CloudSniper.Core.Runbook.Checks;

/// <summary>The registry of enablement checks, by stable id, registered explicitly in report order.</summary>
public static class PostureChecks
{
    /// <summary>Every check.</summary>
    public static IReadOnlyList<IPostureCheck> All { get; } =
    [
        new CloudTrailMultiRegionCheck(),
        new CloudTrailLogValidationCheck(),
        new CloudTrailKmsEncryptionCheck(),
        new GuardDutyEnabledCheck(),
        new SecurityHubEnabledCheck(),
        new InspectorEnabledCheck(),
        new ConfigRecordingCheck(),
        new VpcFlowLogsCheck(),
        new RootMfaCheck(),
        new RootAccessKeysCheck(),
        new RootRecentUseCheck(),
    ];

    /// <summary>The check with id <paramref name="id"/>, or null.</summary>
    public static IPostureCheck? Find(string id) => All.FirstOrDefault(c => c.Metadata.Id == id);

    /// <summary>Runs every check over <paramref name="snapshot"/>; FAILs matching <paramref name="mutes"/> become MUTED with the reason.</summary>
    public static IReadOnlyList<CheckResult> Evaluate(PostureSnapshot snapshot, CheckContext context, MuteList? mutes = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(context);
        var results = new List<CheckResult>();
        foreach (var check in All)
        {
            foreach (var result in check.Evaluate(snapshot, context))
            {
                if (result.Status == CheckStatus.Fail && mutes?.Find(result) is { } rule)
                {
                    results.Add(result with { Status = CheckStatus.Muted, Message = result.Message + $" (muted: {rule.Reason ?? "in the mute list"})" });
                }
                else
                {
                    results.Add(result);
                }
            }
        }

        return results;
    }
}
