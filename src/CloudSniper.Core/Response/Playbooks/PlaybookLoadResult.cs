namespace CloudSniper.Core.Response.Playbooks;

/// <summary>The outcome of loading a playbook: the playbook when valid, and every error found (all of them, not only the first).</summary>
public sealed record PlaybookLoadResult(Playbook? Playbook, IReadOnlyList<PlaybookError> Errors)
{
    public bool IsValid => Playbook is not null && Errors.Count == 0;
}
