namespace CloudSniper.Core.Access;

/// <summary>Where API keys live (hashes only). Implementations: SQLite, DynamoDB; both pass one contract suite.</summary>
public interface IApiKeyStore : IAsyncDisposable
{
    /// <summary>Creates tables if absent; safe to call again.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a new key; false when a key of that name exists (revoked or not).</summary>
    Task<bool> CreateAsync(ApiKey key, CancellationToken cancellationToken = default);

    /// <summary>The key whose secret hashes to <paramref name="hash"/>, revoked or not, or null.</summary>
    Task<ApiKey?> FindByHashAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>Every key, by name.</summary>
    Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the key revoked; false when no active key has that name.</summary>
    Task<bool> RevokeAsync(string name, DateTimeOffset at, CancellationToken cancellationToken = default);
}
