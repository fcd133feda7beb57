using System.Collections.Immutable;

namespace CloudSniper.Core.Response.Playbooks;

/// <summary>One rule of a playbook: when a finding matches <see cref="When"/>, run the actions of <see cref="Do"/>.</summary>
public sealed record PlaybookRule(string Name, RuleCondition When, ImmutableArray<ActionInvocation> Do)
{
    /// <summary>When true, rules after this one are not considered for a finding it matched.</summary>
    public bool Stop { get; init; }

    /// <summary>A one-line explanation shown by <c>playbooks list</c> and <c>explain</c>.</summary>
    public string? Description { get; init; }

    /// <summary>The 1-based line of the rule in its file (0 when built in code).</summary>
    public int Line { get; init; }
}
