using CloudSniper.Core.Access;
using Microsoft.AspNetCore.Authorization;

namespace CloudSniper.Server.Security;

/// <summary>The authorisation policies of the API: one per role, each met by that role and the ones above it.</summary>
public static class ApiPolicies
{
    public const string Viewer = "viewer";
    public const string Responder = "responder";
    public const string Admin = "admin";

    /// <summary>Registers the three policies.</summary>
    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Viewer, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser().RequireAssertion(c => Caller.From(c.User).Role >= ApiRole.Viewer));
        options.AddPolicy(Responder, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser().RequireAssertion(c => Caller.From(c.User).Role >= ApiRole.Responder));
        options.AddPolicy(Admin, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser().RequireAssertion(c => Caller.From(c.User).Role >= ApiRole.Admin));
        options.DefaultPolicy = options.GetPolicy(Viewer)!;
    }
}
