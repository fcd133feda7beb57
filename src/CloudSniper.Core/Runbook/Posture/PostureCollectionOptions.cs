namespace CloudSniper.Core.Runbook.Posture;

/// <summary>What to collect: the accounts (role ARNs to assume, or the whole organisation), regions, and how many calls at once.</summary>
public sealed record PostureCollectionOptions
{
    /// <summary>Roles to assume, one per account; empty for the caller's own account.</summary>
    public IReadOnlyList<string> RoleArns { get; init; } = [];

    /// <summary>Assume <see cref="OrganizationRoleName"/> in every account of the organisation.</summary>
    public bool WholeOrganization { get; init; }

    public string OrganizationRoleName { get; init; } = "OrganizationAccountAccessRole";

    /// <summary>Regions to collect; empty for every enabled region (EC2 DescribeRegions).</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    public int MaxConcurrency { get; init; } = 8;
}
