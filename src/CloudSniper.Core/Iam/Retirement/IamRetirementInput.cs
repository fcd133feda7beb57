using System.Collections.Immutable;
using CloudSniper.Core.Response;

namespace CloudSniper.Core.Iam.Retirement;

/// <summary>What one retirement run plans from: the review's findings, the users' tags, the clock, the time and the mode.</summary>
/// <param name="PlanId">The id the plan gets.</param>
/// <param name="Now">The time of the run (the grace period is measured to it).</param>
/// <param name="Mode">observe, plan or enforce, as for network response.</param>
public sealed record IamRetirementInput(string PlanId, DateTimeOffset Now, ResponseMode Mode)
{
    /// <summary>The findings of the review.</summary>
    public IReadOnlyList<IamFinding> Findings { get; init; } = [];

    /// <summary>Tags of users by <see cref="RetirementClock.UserKey"/> (owner and exemption tags); a user missing here has none known.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> UserTags { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

    /// <summary>First notifications by <see cref="RetirementClock.Key"/>.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Notified { get; init; } = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

    /// <summary>Action keys that wait for <c>sniper approve</c> even in enforce mode (<c>response.requireApproval</c>).</summary>
    public ImmutableArray<string> RequireApproval { get; init; } = [];
}
