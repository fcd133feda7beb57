namespace CloudSniper.Core.Iam;

/// <summary>Thresholds of the IAM review (config <c>iam:</c>); each edge is inclusive: reaching the threshold is a finding.</summary>
public sealed record IamReviewOptions
{
    /// <summary>An active key not used for this many days (or never used and created this long ago) is unused: 45, after CIS 1.12.</summary>
    public int KeyUnusedDays { get; init; } = 45;

    /// <summary>An active key created or rotated this many days ago is due for rotation: 90, after CIS 1.14.</summary>
    public int KeyRotationDays { get; init; } = 90;

    /// <summary>A password not used for this many days (or never used by a user created this long ago) is unused: 45.</summary>
    public int PasswordUnusedDays { get; init; } = 45;

    /// <summary>Root used this many days ago or less is a finding: 30.</summary>
    public int RootRecentUseDays { get; init; } = 30;

    /// <summary>Accounts of the organisation: a role trusting one of them needs no external id. The principal's own account is always in.</summary>
    public IReadOnlySet<string> OrganizationAccounts { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
