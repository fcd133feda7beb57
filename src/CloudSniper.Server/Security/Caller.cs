using System.Security.Claims;
using CloudSniper.Core.Access;

namespace CloudSniper.Server.Security;

/// <summary>The authenticated key behind a request: its name (the audit actor), role and account scope.</summary>
public sealed record Caller(string Name, ApiRole Role, IReadOnlySet<string> Accounts)
{
    /// <summary>The claim type of one account a key is scoped to.</summary>
    public const string AccountClaim = "sniper:account";

    /// <summary>True when the key sees every account.</summary>
    public bool Unscoped => Accounts.Count == 0;

    /// <summary>The audit actor: <c>apikey:NAME</c>.</summary>
    public string Actor => "apikey:" + Name;

    /// <summary>True when the key may see or act on data of <paramref name="account"/>; a scoped key never sees data without an account.</summary>
    public bool Sees(string? account) => Unscoped || (account is not null && Accounts.Contains(account));

    /// <summary>The caller of an authenticated principal.</summary>
    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var role = Enum.TryParse<ApiRole>(user.FindFirstValue(ClaimTypes.Role), ignoreCase: true, out var r) ? r : ApiRole.Viewer;
        return new Caller(
            user.Identity?.Name ?? "anonymous",
            role,
            user.FindAll(AccountClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }
}
