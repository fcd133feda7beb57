namespace CloudSniper.Core.Iam;

/// <summary>One credential or trust that a check found wrong.</summary>
/// <param name="Check">The check's key (see <see cref="IamChecks"/>).</param>
/// <param name="User">The user, role or group it concerns (<c>&lt;root_account&gt;</c> for root).</param>
/// <param name="Key">1 or 2 for an access key, in the credential report's numbering; null otherwise.</param>
/// <param name="KeyId">The access key id where it is known (live reviews), else null.</param>
/// <param name="Severity">low, medium, high or critical.</param>
/// <param name="Cis">The CIS AWS Foundations Benchmark recommendation, or null.</param>
/// <param name="Detail">What was found, in a sentence, with its figures.</param>
/// <param name="LastUsed">When the credential was last used, where that applies and is known.</param>
/// <param name="Age">Whole days since the date the check measures (last use, creation or rotation), or null.</param>
/// <param name="Account">The AWS account, from the principal's ARN, or null.</param>
public sealed record IamFinding(
    string Check,
    string User,
    int? Key,
    string? KeyId,
    string Severity,
    string? Cis,
    string Detail,
    DateTimeOffset? LastUsed,
    int? Age,
    string? Account)
{
    /// <summary>For a key finding: when the key was created or last rotated (the credential report's <c>access_key_N_last_rotated</c>), which identifies it among the user's keys.</summary>
    public DateTimeOffset? KeyCreated { get; init; }
}
