using System.Globalization;
using System.Net;
using System.Text;

namespace CloudSniper.Server.Tests.Api;

public sealed class FeedEndpointsTests
{
    // Pinned with OpenSSL, independently of the server's code:
    //   printf '1796126400.185.156.73.54\n' | openssl dgst -sha256 -hmac 'acme-secret-0123456789'
    // 1796126400 is 2026-12-01T12:00:00Z, the harness clock's start.
    private const string Secret = "acme-secret-0123456789";
    private const string Body = "185.156.73.54\n";
    private const long Timestamp = 1796126400;
    private const string Signature = "sha256=a52684272f7d13b1eaa6a726f5409b3507f10b6c487267d8060d93487f4dfe9b";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ServerHarness> StartAsync() =>
        ServerHarness.StartAsync(o => new ServerOptions { FeedSecrets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["acme"] = Secret } }, Ct);

    private static async Task<HttpResponseMessage> SendAsync(ServerHarness server, string feed, string body, long? timestamp, string? signature)
    {
        using var client = server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/feeds/" + feed, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        if (timestamp is { } t)
        {
            request.Headers.Add("X-Sniper-Timestamp", t.ToString(CultureInfo.InvariantCulture));
        }

        if (signature is not null)
        {
            request.Headers.Add("X-Sniper-Signature", signature);
        }

        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_correctly_signed_feed_is_stored_without_an_api_key()
    {
        await using var server = await StartAsync();

        using var response = await SendAsync(server, "acme", Body, Timestamp, Signature);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await server.KnowledgeBase.GetIocAsync("185.156.73.54", Ct));
    }

    [Theory]
    [InlineData("acme", Timestamp, "sha256=a52684272f7d13b1eaa6a726f5409b3507f10b6c487267d8060d93487f4dfe9c", "bad signature")]
    [InlineData("acme", Timestamp, "sha1=36de1f05dbe1d78f1d2221bfc7403828ac0d939e", "bad signature")]
    [InlineData("acme", Timestamp + 1, Signature, "bad signature")]
    [InlineData("acme", Timestamp - 301, Signature, "minutes away")]
    [InlineData("acme", Timestamp + 301, Signature, "minutes away")]
    [InlineData("other", Timestamp, Signature, "unknown feed")]
    [InlineData("acme", null, Signature, "missing")]
    public async Task A_bad_stale_or_unknown_request_is_refused_audited_and_stores_nothing(string feed, long? timestamp, string signature, string reason)
    {
        await using var server = await StartAsync();

        using var response = await SendAsync(server, feed, Body, timestamp, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Null(await server.KnowledgeBase.GetIocAsync("185.156.73.54", Ct));
        var refused = new List<Core.KnowledgeBase.AuditEntry>();
        await foreach (var e in server.KnowledgeBase.ListAuditAsync(new Core.KnowledgeBase.AuditQuery(Subject: "feed:" + feed), Ct))
        {
            refused.Add(e);
        }

        Assert.Equal("feed.refused", Assert.Single(refused).Action);
    }

    [Fact]
    public async Task A_signature_within_the_skew_is_accepted_and_a_changed_body_is_not()
    {
        await using var server = await StartAsync();
        server.Time.Advance(TimeSpan.FromSeconds(299));

        using var tampered = await SendAsync(server, "acme", "185.156.73.55\n", Timestamp, Signature);
        using var good = await SendAsync(server, "acme", Body, Timestamp, Signature);

        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Null(await server.KnowledgeBase.GetIocAsync("185.156.73.55", Ct));
    }

    [Fact]
    public async Task A_replayed_signature_is_refused()
    {
        await using var server = await StartAsync();

        using var first = await SendAsync(server, "acme", Body, Timestamp, Signature);
        using var replay = await SendAsync(server, "acme", Body, Timestamp, Signature);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("replay", await replay.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
