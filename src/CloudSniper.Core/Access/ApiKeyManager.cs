using System.Collections.Immutable;
using System.Text.Json;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Core.Access;

/// <summary>Creates, lists and revokes API keys, auditing every change; the verb and the API both go through it.</summary>
public sealed class ApiKeyManager(IApiKeyStore store, IKnowledgeBase audit, TimeProvider time)
{
    /// <summary>Creates a key and returns it with its secret, which exists nowhere else afterwards.</summary>
    /// <exception cref="ArgumentException">The name or an account id is malformed, or the name is taken.</exception>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, ApiRole role, IReadOnlyCollection<string> accounts, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(accounts);
        if (!ApiKeyNames.IsValid(name))
        {
            throw new ArgumentException($"key name '{name}' must be 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit", nameof(name));
        }

        if (accounts.FirstOrDefault(a => !ApiKeyNames.IsAccountId(a)) is { } bad)
        {
            throw new ArgumentException($"'{bad}' is not an AWS account id (12 digits)", nameof(accounts));
        }

        var secret = ApiKeySecrets.Generate();
        var now = time.GetUtcNow();
        var key = new ApiKey(name, role, [.. accounts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], ApiKeySecrets.Hash(secret), now);
        if (!await store.CreateAsync(key, cancellationToken).ConfigureAwait(false))
        {
            throw new ArgumentException($"a key named '{name}' exists already (names are never reused, even after revoking)", nameof(name));
        }

        await AuditAsync(actor, "apikey.create", name, "created", new { role = role.ToString().ToLowerInvariant(), accounts = key.Accounts }, cancellationToken).ConfigureAwait(false);
        return (key, secret);
    }

    /// <summary>Every key, by name.</summary>
    public Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default) => store.ListAsync(cancellationToken);

    /// <summary>Revokes a key; false when no active key has that name.</summary>
    public async Task<bool> RevokeAsync(string name, string actor, CancellationToken cancellationToken = default)
    {
        var revoked = await store.RevokeAsync(name, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await AuditAsync(actor, "apikey.revoke", name, revoked ? "revoked" : "not-found", new { }, cancellationToken).ConfigureAwait(false);
        return revoked;
    }

    private Task AuditAsync(string actor, string action, string name, string outcome, object details, CancellationToken cancellationToken) =>
        audit.AppendAuditAsync(
            new AuditEntry(Guid.NewGuid().ToString("n"), time.GetUtcNow(), actor, action, "apikey:" + name, outcome, null, JsonSerializer.Serialize(details)),
            cancellationToken);

    /// <summary>Parses a role name (viewer, responder, admin).</summary>
    public static bool TryParseRole(string text, out ApiRole role) =>
        Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(text, out _);

    /// <summary>Splits a comma-separated account list.</summary>
    public static ImmutableArray<string> ParseAccounts(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
