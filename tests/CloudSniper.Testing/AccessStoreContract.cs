using CloudSniper.Core.Access;

namespace CloudSniper.Testing;

/// <summary>
/// The behaviour every API key and feed-signature store must have (SQLite, DynamoDB). Derive and implement
/// <see cref="OpenAsync"/>, which returns one object serving both interfaces.
/// </summary>
public abstract class AccessStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Opens an empty, initialised store whose clock reads <paramref name="time"/>.</summary>
    protected abstract Task<(IApiKeyStore Keys, IReplayGuard Replay)> OpenAsync(TimeProvider time);

    // The SHA-256 of "snp_contract" (printf 'snp_contract' | sha256sum), so the stored hash is checked against a value
    // computed outside the code under test.
    private const string ContractHash = "3153c3a1f7393b2c3761caff5cdc0fc3d0350829fd22fbb998ef951cb51c8f22";

    [Fact]
    public async Task Created_keys_are_found_by_hash_and_listed_by_name()
    {
        var (keys, _) = await OpenAsync(new ManualTimeProvider(Now));
        await using var _ = keys;
        Assert.True(await keys.CreateAsync(new ApiKey("zeta", ApiRole.Viewer, [], ApiKeySecrets.Hash("snp_zeta"), Now), Ct));
        Assert.True(await keys.CreateAsync(new ApiKey("alpha", ApiRole.Responder, ["111111111111", "222222222222"], ApiKeySecrets.Hash("snp_alpha"), Now), Ct));

        var found = await keys.FindByHashAsync(ApiKeySecrets.Hash("snp_alpha"), Ct);

        Assert.NotNull(found);
        Assert.Equal("alpha", found.Name);
        Assert.Equal(ApiRole.Responder, found.Role);
        Assert.Equal(["111111111111", "222222222222"], found.Accounts);
        Assert.Equal(Now, found.CreatedAt);
        Assert.True(found.IsActive);
        Assert.Null(await keys.FindByHashAsync(ApiKeySecrets.Hash("snp_other"), Ct));
        Assert.Equal(["alpha", "zeta"], (await keys.ListAsync(Ct)).Select(k => k.Name));
    }

    [Fact]
    public async Task The_stored_hash_is_the_sha256_of_the_secret()
    {
        var (keys, _) = await OpenAsync(new ManualTimeProvider(Now));
        await using var _ = keys;
        await keys.CreateAsync(new ApiKey("pinned", ApiRole.Admin, [], ApiKeySecrets.Hash("snp_contract"), Now), Ct);

        var key = await keys.FindByHashAsync(ContractHash, Ct);

        Assert.Equal("pinned", key?.Name);
    }

    [Fact]
    public async Task A_name_is_never_created_twice()
    {
        var (keys, _) = await OpenAsync(new ManualTimeProvider(Now));
        await using var _ = keys;
        Assert.True(await keys.CreateAsync(new ApiKey("ops", ApiRole.Admin, [], ApiKeySecrets.Hash("snp_1"), Now), Ct));

        Assert.False(await keys.CreateAsync(new ApiKey("ops", ApiRole.Viewer, [], ApiKeySecrets.Hash("snp_2"), Now), Ct));
        Assert.Equal(ApiRole.Admin, (await keys.FindByHashAsync(ApiKeySecrets.Hash("snp_1"), Ct))?.Role);
    }

    [Fact]
    public async Task Revoking_marks_the_key_once()
    {
        var (keys, _) = await OpenAsync(new ManualTimeProvider(Now));
        await using var _ = keys;
        await keys.CreateAsync(new ApiKey("ops", ApiRole.Admin, [], ApiKeySecrets.Hash("snp_1"), Now), Ct);

        Assert.True(await keys.RevokeAsync("ops", Now.AddHours(1), Ct));
        Assert.False(await keys.RevokeAsync("ops", Now.AddHours(2), Ct));
        Assert.False(await keys.RevokeAsync("missing", Now, Ct));
        var key = await keys.FindByHashAsync(ApiKeySecrets.Hash("snp_1"), Ct);
        Assert.Equal(Now.AddHours(1), key?.RevokedAt);
        Assert.False(key!.IsActive);
    }

    [Fact]
    public async Task A_signature_is_accepted_once_until_it_expires()
    {
        var time = new ManualTimeProvider(Now);
        var (keys, replay) = await OpenAsync(time);
        await using var _ = keys;

        Assert.True(await replay.TryRecordAsync("acme", "sha256=ab", Now.AddMinutes(10), Ct));
        Assert.False(await replay.TryRecordAsync("acme", "sha256=ab", Now.AddMinutes(10), Ct));
        Assert.True(await replay.TryRecordAsync("other", "sha256=ab", Now.AddMinutes(10), Ct));

        time.Advance(TimeSpan.FromMinutes(11));
        Assert.True(await replay.TryRecordAsync("acme", "sha256=ab", time.GetUtcNow().AddMinutes(10), Ct));
    }
}
