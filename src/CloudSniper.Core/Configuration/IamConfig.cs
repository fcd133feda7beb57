using CloudSniper.Core.Iam;

namespace CloudSniper.Core.Configuration;

/// <summary>
/// The <c>iam:</c> section: thresholds of <c>sniper iam review</c> (meanings on <see cref="IamReviewOptions"/>, whose
/// defaults they take), the organisation's accounts, and the retirement playbook.
/// </summary>
public sealed record IamConfig
{
    private static readonly IamReviewOptions Defaults = new();

    /// <summary>An active key unused this many days is a finding.</summary>
    public int KeyUnusedDays { get; init; } = Defaults.KeyUnusedDays;

    /// <summary>An active key rotated this many days ago is a finding.</summary>
    public int KeyRotationDays { get; init; } = Defaults.KeyRotationDays;

    /// <summary>A password unused this many days is a finding.</summary>
    public int PasswordUnusedDays { get; init; } = Defaults.PasswordUnusedDays;

    /// <summary>Root used this many days ago or less is a finding.</summary>
    public int RootRecentUseDays { get; init; } = Defaults.RootRecentUseDays;

    /// <summary>Account ids of the organisation: a role trusting one of them needs no external id.</summary>
    public IReadOnlyList<string> OrganizationAccounts { get; init; } = [];

    /// <summary>Member accounts reviewed through <c>response.assumeRole</c>; empty: the caller's own account.</summary>
    public IReadOnlyList<string> Accounts { get; init; } = [];

    /// <summary>The retirement playbook file; the built-in one when unset.</summary>
    public string? RetirementPlaybook { get; init; }

    /// <summary>Each setting out of its range: the key (camelCase, under <c>iam</c>) and why.</summary>
    public IEnumerable<(string Key, string Reason)> Problems()
    {
        foreach (var (key, value) in new[] { ("keyUnusedDays", KeyUnusedDays), ("keyRotationDays", KeyRotationDays), ("passwordUnusedDays", PasswordUnusedDays), ("rootRecentUseDays", RootRecentUseDays) })
        {
            if (value < 1)
            {
                yield return (key, "must be 1 day or more");
            }
        }

        foreach (var account in OrganizationAccounts.Concat(Accounts))
        {
            if (account.Length != 12 || !account.All(char.IsAsciiDigit))
            {
                yield return ("accounts", $"'{account}' is not a 12-digit account id");
            }
        }
    }

    /// <summary>The review options these settings give.</summary>
    public IamReviewOptions ToOptions() => new()
    {
        KeyUnusedDays = KeyUnusedDays,
        KeyRotationDays = KeyRotationDays,
        PasswordUnusedDays = PasswordUnusedDays,
        RootRecentUseDays = RootRecentUseDays,
        OrganizationAccounts = new HashSet<string>(OrganizationAccounts, StringComparer.Ordinal),
    };
}
