using CloudSniper.Core.Access;
using Microsoft.AspNetCore.Http;

namespace CloudSniper.Server.Dashboard;

/// <summary>API keys (admin only): names, roles, account scopes and revocation; secrets are never stored, so never shown.</summary>
internal static class KeysPage
{
    public static async Task<IResult> RenderAsync(HttpContext http, IApiKeyStore keys)
    {
        var body = new Html();
        body.Raw("<p>Create and revoke keys with <code>sniper apikey create --name N --role R [--accounts …]</code> and <code>sniper apikey revoke N</code>.</p>")
            .Raw("<div class=\"table\"><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th><th scope=\"col\">Accounts</th><th scope=\"col\">Created</th><th scope=\"col\">State</th></tr></thead><tbody>");
        foreach (var key in await keys.ListAsync(http.RequestAborted).ConfigureAwait(false))
        {
            body.Raw("<tr><td>").Text(key.Name).Raw("</td><td>").Text(key.Role.ToString().ToLowerInvariant()).Raw("</td><td>")
                .Text(key.Accounts.IsDefaultOrEmpty ? "all" : string.Join(", ", key.Accounts)).Raw("</td><td>").Text(key.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture))
                .Raw("</td><td>").Text(key.IsActive ? "active" : "revoked").Raw("</td></tr>");
        }

        body.Raw("</tbody></table></div>");
        return DashboardPage.Render(http, "API keys", body);
    }
}
