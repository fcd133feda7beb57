using System.Collections.Immutable;
using CloudSniper.Core.Response;

namespace CloudSniper.Core.Iam.Retirement;

/// <summary>One retirement run: the review's findings and users' tags, the accounts it covered, the playbook and the mode.</summary>
public sealed record IamRetirementRequest
{
    /// <summary>The review's findings.</summary>
    public required IReadOnlyList<IamFinding> Findings { get; init; }

    /// <summary>Users' tags by <see cref="RetirementClock.UserKey"/>; empty when they could not be read (offline).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> UserTags { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

    /// <summary>Accounts the review covered completely: clocks of their credentials without a finding now are forgotten.</summary>
    public IReadOnlyCollection<string> ReviewedAccounts { get; init; } = [];

    /// <summary>The retirement playbook.</summary>
    public IamRetirementPlaybook Playbook { get; init; } = new();

    /// <summary>observe, plan (dry run) or enforce.</summary>
    public ResponseMode Mode { get; init; } = ResponseMode.Plan;

    /// <summary>Action keys that wait for approval even in enforce mode.</summary>
    public ImmutableArray<string> RequireApproval { get; init; } = [];

    /// <summary>True when the tags were not read, so owners fall back to the team channel (said in the plan's notices).</summary>
    public bool TagsUnknown { get; init; }
}
