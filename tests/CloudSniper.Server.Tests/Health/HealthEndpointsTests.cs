using System.Net;
using System.Text.Json;

namespace CloudSniper.Server.Tests.Health;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Healthz_and_readyz_answer_without_a_key_when_the_store_is_reachable()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var client = server.Client();

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
    }
}
