using System.Security.Claims;
using System.Text.Encodings.Web;
using CloudSniper.Core.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudSniper.Server.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the key store (by SHA-256 of the key) and the
/// optional <c>SNIPER_API_KEY</c> admin key. Missing or wrong keys are answered 401, wrong roles 403, both as
/// problem details.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyStore keys,
    ServerOptions serverOptions) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The name the <c>SNIPER_API_KEY</c> key acts under in the audit log.</summary>
    public const string BootstrapKeyName = "SNIPER_API_KEY";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        // RFC 6750 section 2.1: credentials = "Bearer" 1*SP b64token; the scheme name is case-insensitive (RFC 9110 11.1).
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("the Authorization header must be 'Bearer <key>'");
        }

        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length == 0)
        {
            return AuthenticateResult.Fail("empty API key");
        }

        var hash = ApiKeySecrets.Hash(secret);
        if (serverOptions.BootstrapAdminKey is { Length: > 0 } bootstrap && ApiKeySecrets.HashesEqual(hash, ApiKeySecrets.Hash(bootstrap)))
        {
            return Success(new ApiKey(BootstrapKeyName, ApiRole.Admin, [], hash, DateTimeOffset.UnixEpoch));
        }

        var key = await keys.FindByHashAsync(hash, Context.RequestAborted).ConfigureAwait(false);
        if (key is null || !ApiKeySecrets.HashesEqual(key.Hash, hash))
        {
            return AuthenticateResult.Fail("unknown API key");
        }

        return key.IsActive ? Success(key) : AuthenticateResult.Fail("revoked API key");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await Context.AuthenticateAsync(SchemeName).ConfigureAwait(false);
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            result.Failure?.Message ?? "an API key is required: send 'Authorization: Bearer <key>'").ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "the API key's role does not allow this");

    private AuthenticateResult Success(ApiKey key)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new(ClaimTypes.Role, key.Role.ToString().ToLowerInvariant()) };
        claims.AddRange((key.Accounts.IsDefault ? [] : key.Accounts).Select(a => new Claim(Caller.AccountClaim, a)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
