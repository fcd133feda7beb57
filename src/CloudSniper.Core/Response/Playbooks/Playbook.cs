using System.Collections.Immutable;

namespace CloudSniper.Core.Response.Playbooks;

/// <summary>A named, ordered list of response rules loaded from one YAML document.</summary>
public sealed record Playbook(string Name, ImmutableArray<PlaybookRule> Rules)
{
    public string? Description { get; init; }

    /// <summary>Where the playbook was read from (a path, or <c>builtin:default</c>).</summary>
    public string Source { get; init; } = "";
}
