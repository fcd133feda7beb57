using System.Collections.Immutable;

namespace CloudSniper.Core.Access;

/// <summary>
/// A stored API key: its name, role, optional account scope and the SHA-256 of the secret (the secret itself is
/// never stored). An empty <see cref="Accounts"/> means every account.
/// </summary>
public sealed record ApiKey(
    string Name,
    ApiRole Role,
    ImmutableArray<string> Accounts,
    string Hash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt = null)
{
    /// <summary>True when the key is limited to <see cref="Accounts"/>.</summary>
    public bool IsScoped => !Accounts.IsDefaultOrEmpty;

    /// <summary>True while the key has not been revoked.</summary>
    public bool IsActive => RevokedAt is null;
}
