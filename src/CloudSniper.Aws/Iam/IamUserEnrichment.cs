using CloudSniper.Core.Iam;

namespace CloudSniper.Aws.Iam;

/// <summary>The review's findings made current from per-user calls, and the users' tags.</summary>
/// <param name="Findings">The findings, with key ids where ListAccessKeys matched them, without those MFA devices disprove.</param>
/// <param name="UserTags">Tags of each user with a finding, by <c>RetirementClock.UserKey</c>.</param>
public sealed record IamUserEnrichment(IReadOnlyList<IamFinding> Findings, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> UserTags);
