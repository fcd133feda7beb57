using System.Net;
using CloudSniper.Testing;

namespace CloudSniper.Server.Tests.Dashboard;

/// <summary>The vendored libraries: the checked-in copy is npm's file byte for byte, and the server serves it from the assembly.</summary>
public sealed class DashboardAssetsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_vendored_htmx_is_the_npm_package_file_and_its_licence_travels_with_it()
    {
        var root = (RepoRoot.Find() ?? throw new InvalidOperationException("not inside the repository"));
        var npm = Path.Combine(root, "node_modules", "htmx.org", "dist", "htmx.min.js");
        Requirement.SkipUnless(File.Exists(npm), "node_modules/htmx.org (run npm ci)");
        var vendored = Path.Combine(root, "src", "CloudSniper.Server", "Dashboard", "wwwroot", "vendor");

        Assert.Equal(File.ReadAllBytes(npm), File.ReadAllBytes(Path.Combine(vendored, "htmx.min.js")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(root, "node_modules", "htmx.org", "LICENSE")), File.ReadAllBytes(Path.Combine(vendored, "htmx.LICENSE")));
        Assert.Contains("\"htmx.org\": \"2.0.11\"", File.ReadAllText(Path.Combine(root, "package.json")), StringComparison.Ordinal);
        Assert.Contains("\"version\": \"2.0.11\"", File.ReadAllText(Path.Combine(root, "node_modules", "htmx.org", "package.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vendor/htmx.min.js", "text/javascript")]
    [InlineData("dashboard.css", "text/css")]
    public async Task The_server_serves_the_embedded_files_as_checked_in(string name, string mediaType)
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var client = server.Client();

        using var response = await client.GetAsync(new Uri("/dashboard/assets/" + name, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var file = Path.Combine((RepoRoot.Find() ?? throw new InvalidOperationException("not inside the repository")), "src", "CloudSniper.Server", "Dashboard", "wwwroot", name.Replace('/', Path.DirectorySeparatorChar));
        Assert.Equal(File.ReadAllBytes(file), await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("../CloudSniper.Server.dll")]
    [InlineData("vendor/none.js")]
    public async Task Anything_else_is_not_found(string name)
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var client = server.Client();

        using var response = await client.GetAsync(new Uri("/dashboard/assets/" + name, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
