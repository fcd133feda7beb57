using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CloudSniper.Server.Tests.Security;

public sealed class ApiKeyAuthenticationTests
{
    private static ServerOptions WithProbe(ServerOptions options)
    {
        options.MapEndpoints.Add(app =>
        {
            app.MapGet("/probe/viewer", () => "ok").RequireAuthorization(CloudSniper.Server.Security.ApiPolicies.Viewer);
            app.MapGet("/probe/admin", () => "ok").RequireAuthorization(CloudSniper.Server.Security.ApiPolicies.Admin);
        });
        return options;
    }

    [Theory]
    [InlineData(null, "/probe/viewer", 401)]
    [InlineData("snp_not-a-key", "/probe/viewer", 401)]
    [InlineData("viewer", "/probe/viewer", 200)]
    [InlineData("viewer", "/probe/admin", 403)]
    [InlineData("responder", "/probe/admin", 403)]
    [InlineData("admin", "/probe/admin", 200)]
    public async Task A_key_is_required_and_its_role_must_reach_the_policy(string? role, string path, int expected)
    {
        await using var server = await ServerHarness.StartAsync(WithProbe, TestContext.Current.CancellationToken);
        using var client = server.Client(role);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(expected, (int)response.StatusCode);
        if (expected != 200)
        {
            // RFC 9457 section 3: problem details are served as application/problem+json.
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(expected, body.RootElement.GetProperty("status").GetInt32());
        }

        if (expected == 401)
        {
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        await using var server = await ServerHarness.StartAsync(WithProbe, TestContext.Current.CancellationToken);
        await server.Access.RevokeAsync("viewer-key", server.Time.GetUtcNow(), TestContext.Current.CancellationToken);
        using var client = server.Client("viewer");

        using var response = await client.GetAsync(new Uri("/probe/viewer", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_environment_admin_key_is_accepted_as_admin()
    {
        await using var server = await ServerHarness.StartAsync(o => WithProbe(new ServerOptions { BootstrapAdminKey = "snp_quick-start-key" }), TestContext.Current.CancellationToken);
        using var client = server.Client("snp_quick-start-key");

        using var response = await client.GetAsync(new Uri("/probe/admin", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
