using System.Collections.Immutable;

namespace CloudSniper.Core.Iam.Retirement;

/// <summary>
/// The retirement playbook: per check, notify or retire; the grace period between the first notification and the
/// retirement; the exemptions; the blast-radius limit; and where notifications go.
/// </summary>
public sealed record IamRetirementPlaybook
{
    /// <summary>The playbook's name, for plans and audit entries.</summary>
    public string Name { get; init; } = "iam-retirement";

    /// <summary>What the playbook is for.</summary>
    public string? Description { get; init; }

    /// <summary>Where it was read from (a file, or <c>builtin:iam-retirement</c>).</summary>
    public string Source { get; init; } = DefaultIamRetirementPlaybook.Source;

    /// <summary>Time from the first notification about a credential until it may be retired: 7 days.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromDays(7);

    /// <summary>At most this many credentials are retired by one run; the rest wait for <c>sniper approve</c>: 10.</summary>
    public int MaxRetirementsPerRun { get; init; } = 10;

    /// <summary>The user tag naming the owner who is notified: <c>owner</c>.</summary>
    public string OwnerTag { get; init; } = "owner";

    /// <summary>Who is notified when a user has no owner tag (a channel name or address).</summary>
    public string TeamChannel { get; init; } = "security team";

    /// <summary>How notifications are delivered.</summary>
    public RetirementChannel Channel { get; init; } = RetirementChannel.None;

    /// <summary>The channel's parameters (<c>url</c> for Slack, <c>topic-arn</c> and <c>subject</c> for SNS).</summary>
    public ImmutableSortedDictionary<string, string> ChannelParameters { get; init; } = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Check id → decision; a check not listed is notified. By default unused keys and passwords are retired.</summary>
    public ImmutableDictionary<string, RetirementDecision> Checks { get; init; } = ImmutableDictionary.CreateRange(StringComparer.Ordinal,
    [
        new KeyValuePair<string, RetirementDecision>("key-unused", RetirementDecision.Retire),
        new KeyValuePair<string, RetirementDecision>("password-unused", RetirementDecision.Retire),
    ]);

    /// <summary>User names never retired or notified about.</summary>
    public ImmutableArray<string> ExemptUsers { get; init; } = [];

    /// <summary>User-name patterns (<c>*</c> any run, <c>?</c> one character) never retired: break-glass users.</summary>
    public ImmutableArray<string> ExemptPatterns { get; init; } = ["break-glass-*", "breakglass-*"];

    /// <summary>User tags that exempt a user (value <c>*</c>: any value); <c>sniper:exempt=true</c> always does.</summary>
    public ImmutableSortedDictionary<string, string> ExemptTags { get; init; } =
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>(ExemptTag, "true")]);

    /// <summary>The tag that always exempts a user when its value is <c>true</c>.</summary>
    public const string ExemptTag = "sniper:exempt";

    /// <summary>The checks whose findings may be retired: an unused key is deactivated, an unused password removed.</summary>
    public static IReadOnlySet<string> Retirable { get; } = new HashSet<string>(StringComparer.Ordinal) { IamChecks.KeyUnused.Id, IamChecks.PasswordUnused.Id };

    /// <summary>The decision for <paramref name="check"/>: the configured one, else notify.</summary>
    public RetirementDecision DecisionFor(string check) => Checks.TryGetValue(check, out var d) ? d : RetirementDecision.Notify;
}
