namespace CloudSniper.Core.Iam;

/// <summary>Every IAM credential and trust check, registered under its stable key.</summary>
public static class IamChecks
{
    /// <summary>The root user has an active access key.</summary>
    public static IamCheckInfo RootAccessKey { get; } = new("root-access-key", "root has an active access key", "critical", "1.4",
        "Sign in as root, open Security credentials and delete the key; root keys cannot be managed through another principal.");

    /// <summary>The root user's password or a root key was used recently.</summary>
    public static IamCheckInfo RootRecentUse { get; } = new("root-recent-use", "root was used recently", "high", "1.7",
        "Find what root was used for in CloudTrail (userIdentity.type Root); do that work with an IAM role and deny root with an SCP.");

    /// <summary>The root user has no active MFA device.</summary>
    public static IamCheckInfo RootNoMfa { get; } = new("root-no-mfa", "root has no MFA", "critical", "1.5",
        "Sign in as root and assign a hardware or virtual MFA device under Security credentials.");

    /// <summary>A user with a console password has no active MFA device.</summary>
    public static IamCheckInfo ConsoleWithoutMfa { get; } = new("console-without-mfa", "console password without MFA", "high", "1.10",
        "Enforce MFA for the user (aws iam enable-mfa-device), or remove the password if the user does not need the console.");

    /// <summary>An active access key has not been used for the configured number of days.</summary>
    public static IamCheckInfo KeyUnused { get; } = new("key-unused", "active access key unused", "medium", "1.12",
        "Deactivate the key (aws iam update-access-key --status Inactive); delete it once nothing breaks.");

    /// <summary>An active access key has not been rotated for the configured number of days.</summary>
    public static IamCheckInfo KeyNotRotated { get; } = new("key-not-rotated", "active access key not rotated", "medium", "1.14",
        "Create a second key, move its users to it, then deactivate and delete the old one.");

    /// <summary>Both access keys of a user are active.</summary>
    public static IamCheckInfo MultipleActiveKeys { get; } = new("multiple-active-keys", "two active access keys", "low", "1.13",
        "Keep one active key per user: deactivate the one that is not in use.");

    /// <summary>A console password has not been used for the configured number of days.</summary>
    public static IamCheckInfo PasswordUnused { get; } = new("password-unused", "console password unused", "medium", "1.12",
        "Remove the password (aws iam delete-login-profile); the user can be given one again when needed.");

    /// <summary>A user or group has administrator access.</summary>
    public static IamCheckInfo AdminPolicyAttached { get; } = new("admin-policy-attached", "full administrator policy on a user or group", "high", "1.16",
        "Replace AdministratorAccess or the \"*\"/\"*\" statement with the permissions the job needs, granted through a role.");

    /// <summary>A role's trust policy lets any principal assume it.</summary>
    public static IamCheckInfo RoleTrustWildcard { get; } = new("role-trust-wildcard", "role trusts any principal", "critical", null,
        "Name the accounts or principals that may assume the role, or add an aws:PrincipalOrgID / sts:ExternalId condition.");

    /// <summary>A role trusts an account outside the organisation without an external id.</summary>
    public static IamCheckInfo RoleTrustExternalNoExternalId { get; } = new("role-trust-external-no-external-id",
        "role trusts an outside account without an external id", "high", null,
        "Add a Condition StringEquals sts:ExternalId to the trust statement (the confused-deputy protection third parties use).");

    /// <summary>Every check, in report order.</summary>
    public static IReadOnlyList<IamCheckInfo> All { get; } =
    [
        RootAccessKey, RootRecentUse, RootNoMfa, ConsoleWithoutMfa, KeyUnused, KeyNotRotated, MultipleActiveKeys, PasswordUnused,
        AdminPolicyAttached, RoleTrustWildcard, RoleTrustExternalNoExternalId,
    ];

    /// <summary>The check with key <paramref name="id"/>, or null.</summary>
    public static IamCheckInfo? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
