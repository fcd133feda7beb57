using CloudSniper.Core.Response.Playbooks;

namespace CloudSniper.Core.Iam.Retirement;

/// <summary>A loaded retirement playbook (null when it has errors) and every error found, with its line.</summary>
public sealed record IamRetirementPlaybookLoadResult(IamRetirementPlaybook? Playbook, IReadOnlyList<PlaybookError> Errors);
