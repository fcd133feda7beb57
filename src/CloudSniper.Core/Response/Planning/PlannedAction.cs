using System.Collections.Immutable;

namespace CloudSniper.Core.Response.Planning;

/// <summary>
/// One unit of work of a plan: an action against one target (an IP set, an instance's ACLs, an instance, a key, a
/// channel), merged across every finding that asked for it.
/// </summary>
public sealed record PlannedAction
{
    /// <summary>A stable id (<c>act-</c> and 12 hex digits), used by <c>sniper approve</c> and <c>sniper undo</c>.</summary>
    public required string Id { get; init; }

    public required string ActionKey { get; init; }

    public required NistPhase Phase { get; init; }

    /// <summary>The merge key: what the action acts on (<c>waf-block|REGIONAL|123456789012|us-east-1|ipv4|cloudsniper-blocked-ipv4</c>).</summary>
    public required string TargetKey { get; init; }

    public string? AccountId { get; init; }

    public string? Region { get; init; }

    /// <summary>The rules that asked for the action.</summary>
    public ImmutableArray<string> Rules { get; init; } = [];

    public ImmutableArray<string> FindingIds { get; init; } = [];

    /// <summary>Resolved parameters (lists comma-joined).</summary>
    public ImmutableSortedDictionary<string, string> Parameters { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>For block actions: the addresses, merged and de-duplicated across findings.</summary>
    public ImmutableArray<PlannedBlock> Blocks { get; init; } = [];

    /// <summary>Resources the action acts on (instance ids, access key ids, role names).</summary>
    public ImmutableArray<string> ResourceIds { get; init; } = [];

    public ActionStatus Status { get; init; } = ActionStatus.Planned;

    /// <summary>Why the action is waiting, was skipped or failed.</summary>
    public string? Reason { get; init; }

    /// <summary>A parameter's value, or null.</summary>
    public string? Get(string name) => Parameters.TryGetValue(name, out var v) ? v : null;
}
