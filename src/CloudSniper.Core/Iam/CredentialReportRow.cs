namespace CloudSniper.Core.Iam;

/// <summary>One row of an IAM credential report: a user, or the account's root user (<c>&lt;root_account&gt;</c>).</summary>
public sealed record CredentialReportRow
{
    /// <summary>The name the report gives the root user's row.</summary>
    public const string RootUserName = "<root_account>";

    /// <summary>The user's name (<c>user</c>).</summary>
    public required string User { get; init; }

    /// <summary>The user's ARN (<c>arn</c>).</summary>
    public required string Arn { get; init; }

    /// <summary>The 1-based line of the row in its report, for messages.</summary>
    public long Line { get; init; }

    /// <summary>When the user was created (<c>user_creation_time</c>).</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Whether the user has a console password; null where the report says <c>not_supported</c> (root).</summary>
    public bool? PasswordEnabled { get; init; }

    /// <summary>When the password last signed in; null for <c>N/A</c> or <c>no_information</c>.</summary>
    public DateTimeOffset? PasswordLastUsed { get; init; }

    /// <summary>True when <c>password_last_used</c> is <c>no_information</c>: never used, or not since tracking began.</summary>
    public bool PasswordNeverUsed { get; init; }

    /// <summary>When the password was last set; null for <c>N/A</c> or <c>not_supported</c>.</summary>
    public DateTimeOffset? PasswordLastChanged { get; init; }

    /// <summary>Whether an MFA device is active for the user (<c>mfa_active</c>).</summary>
    public bool MfaActive { get; init; }

    /// <summary>The first access key's columns.</summary>
    public required AccessKeyColumns Key1 { get; init; }

    /// <summary>The second access key's columns.</summary>
    public required AccessKeyColumns Key2 { get; init; }

    /// <summary>True for the root user's row.</summary>
    public bool IsRoot => User == RootUserName;

    /// <summary>Both access keys, first then second.</summary>
    public IEnumerable<AccessKeyColumns> Keys => [Key1, Key2];

    /// <summary>The account id taken from the ARN (<c>arn:aws:iam::ACCOUNT:…</c>), or null.</summary>
    public string? AccountId => Arn.Split(':') is { Length: >= 5 } parts && parts[4].Length > 0 ? parts[4] : null;
}
