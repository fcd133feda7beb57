using System.Collections.Immutable;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Store;

/// <summary>What executing one planned action did: outcome, state before and after, and what undo needs.</summary>
public sealed record ActionRecord
{
    /// <summary>The planned action's id.</summary>
    public required string Id { get; init; }

    public required string PlanId { get; init; }

    public required string ActionKey { get; init; }

    public required string TargetKey { get; init; }

    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public required ActionStatus Status { get; init; }

    public ImmutableArray<string> FindingIds { get; init; } = [];

    public required DateTimeOffset StartedAt { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>JSON: the relevant state before the action (groups, tags, key status, set size, …).</summary>
    public string? Before { get; init; }

    /// <summary>JSON: the state after.</summary>
    public string? After { get; init; }

    /// <summary>JSON the executor reads to reverse the action; null when it cannot be undone.</summary>
    public string? Undo { get; init; }

    public string? Error { get; init; }

    /// <summary>The AWS error code of a failure (<c>AccessDenied</c>, <c>WAFLimitsExceededException</c>, …).</summary>
    public string? ErrorCode { get; init; }

    public DateTimeOffset? UndoneAt { get; init; }
}
