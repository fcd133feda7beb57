using System.Collections.Immutable;
using CloudSniper.Core.Response.Guards;

namespace CloudSniper.Core.Response.Planning;

/// <summary>What the engine decided for a batch of findings: actions per target, what was skipped and why, and notices.</summary>
public sealed record ResponsePlan
{
    public required string Id { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required ResponseMode Mode { get; init; }

    /// <summary>Findings considered.</summary>
    public int FindingCount { get; init; }

    /// <summary>Findings at least one rule matched.</summary>
    public int MatchedCount { get; init; }

    public ImmutableArray<PlannedAction> Actions { get; init; } = [];

    public ImmutableArray<SkippedAction> Skipped { get; init; } = [];

    /// <summary>Plan-level warnings (blast-radius cap reached, …); sent to the notice channels when enforcing.</summary>
    public ImmutableArray<string> Notices { get; init; } = [];

    /// <summary>Every guard decision, recorded only when asked (for <c>playbooks explain</c>).</summary>
    public ImmutableArray<GuardDecision> Decisions { get; init; } = [];

    /// <summary>Finding id → names of the rules it matched.</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Matches { get; init; } = ImmutableDictionary<string, ImmutableArray<string>>.Empty;
}
