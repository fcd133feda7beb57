using System.Net;
using System.Text;
using System.Text.Json;

namespace CloudSniper.Server.Tests.Api;

public sealed class FindingEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_post_with_some_bad_records_stores_the_good_ones_and_names_each_bad_line()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var client = server.Client("responder");
        var body = TestDocuments.Lines(
            TestDocuments.GuardDuty("f-1", "111111111111"),
            "{\"broken\":",
            TestDocuments.GuardDuty("f-2", "222222222222"));

        using var response = await client.PostAsync(new Uri("/api/v1/findings", UriKind.Relative), new StringContent(body), Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["f-1", "f-2"], json.RootElement.GetProperty("accepted").EnumerateArray().Select(e => e.GetString()).Order());
        var rejected = Assert.Single(json.RootElement.GetProperty("rejected").EnumerateArray());
        Assert.Equal(2, rejected.GetProperty("line").GetInt32());
        Assert.False(string.IsNullOrEmpty(rejected.GetProperty("reason").GetString()));
        Assert.NotNull(await server.KnowledgeBase.GetFindingAsync("f-1", Ct));
        Assert.NotNull(await server.KnowledgeBase.GetFindingAsync("f-2", Ct));
    }

    [Fact]
    public async Task Posting_the_same_finding_twice_stores_it_once()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        var body = TestDocuments.Lines(TestDocuments.GuardDuty("f-1", "111111111111"));

        using var first = await server.PostFindingsAsync(body, Ct);
        using var second = await server.PostFindingsAsync(body, Ct);

        Assert.Equal("f-1", first.RootElement.GetProperty("accepted")[0].GetString());
        Assert.Equal("f-1", second.RootElement.GetProperty("accepted")[0].GetString());
        var stored = new List<string>();
        await foreach (var f in server.KnowledgeBase.ListFindingsAsync(new Core.KnowledgeBase.FindingQuery(), Ct))
        {
            stored.Add(f.Id);
        }

        Assert.Equal(["f-1"], stored);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_and_nothing_is_stored()
    {
        await using var server = await ServerHarness.StartAsync(o => new ServerOptions { MaxRequestBodyBytes = 1024 }, Ct);
        using var client = server.Client("admin");
        var body = TestDocuments.Lines([.. Enumerable.Range(1, 10).Select(i => TestDocuments.GuardDuty($"f-{i}", "111111111111"))]);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 1024);

        using var response = await client.PostAsync(new Uri("/api/v1/findings", UriKind.Relative), new StringContent(body), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await server.KnowledgeBase.GetFindingAsync("f-1", Ct));
    }

    [Fact]
    public async Task A_body_nested_deeper_than_the_limit_is_refused_with_400_and_the_reason()
    {
        await using var server = await ServerHarness.StartAsync(o => new ServerOptions { MaxJsonDepth = 8 }, Ct);
        using var client = server.Client("admin");
        var body = new string('[', 20) + new string(']', 20);

        using var response = await client.PostAsync(new Uri("/api/v1/findings", UriKind.Relative), new StringContent(body), Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("deeper than 8", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attacker_text_comes_back_json_encoded_and_intact()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        const string title = "<img src=x onerror=alert(1)>";
        using var _ = await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-xss", "111111111111", title)), Ct);
        using var client = server.Client("viewer");

        using var response = await client.GetAsync(new Uri("/api/v1/findings/f-xss", UriKind.Relative), Ct);
        var raw = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<img", raw, StringComparison.Ordinal);
        Assert.Contains("\\u003Cimg", raw, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(raw);
        Assert.Equal(title, json.RootElement.GetProperty("title").GetString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Pages_follow_the_next_cursor_until_the_last()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var _ = await server.PostFindingsAsync(TestDocuments.Lines([.. Enumerable.Range(1, 5).Select(i => TestDocuments.GuardDuty($"f-{i}", "111111111111"))]), Ct);
        using var client = server.Client("viewer");

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var url = "/api/v1/findings?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri(url, UriKind.Relative), Ct));
            seen.AddRange(json.RootElement.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetString()!));
            cursor = json.RootElement.TryGetProperty("next", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["f-1", "f-2", "f-3", "f-4", "f-5"], seen.Order());
    }

    [Fact]
    public async Task A_cursor_the_server_did_not_issue_is_a_400_problem()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var client = server.Client("viewer");

        using var response = await client.GetAsync(new Uri("/api/v1/findings?cursor=bogus", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_scoped_key_sees_only_its_accounts_and_cannot_post_for_others()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var _ = await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-mine", ServerHarness.ScopedAccount), TestDocuments.GuardDuty("f-other", "222222222222")), Ct);
        using var client = server.Client("scoped");

        using var list = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/findings", UriKind.Relative), Ct));
        using var other = await client.GetAsync(new Uri("/api/v1/findings/f-other", UriKind.Relative), Ct);
        using var post = await client.PostAsync(new Uri("/api/v1/findings", UriKind.Relative), new StringContent(TestDocuments.Lines(TestDocuments.GuardDuty("f-new", "333333333333"))), Ct);
        using var postJson = JsonDocument.Parse(await post.Content.ReadAsStringAsync(Ct));

        Assert.Equal(["f-mine"], list.RootElement.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, post.StatusCode);
        Assert.Contains("outside the key's scope", postJson.RootElement.GetProperty("rejected")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Null(await server.KnowledgeBase.GetFindingAsync("f-new", Ct));
    }

    [Fact]
    public async Task A_post_is_audited_under_the_key_name_and_plans_the_response()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);

        using var json = await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-1", "111111111111", severity: 8)), Ct);

        var audit = new List<Core.KnowledgeBase.AuditEntry>();
        await foreach (var e in server.KnowledgeBase.ListAuditAsync(new Core.KnowledgeBase.AuditQuery(Subject: "findings"), Ct))
        {
            audit.Add(e);
        }

        var entry = Assert.Single(audit);
        Assert.Equal("apikey:admin-key", entry.Actor);
        Assert.Equal("findings.submit", entry.Action);
        var planId = Assert.Single(json.RootElement.GetProperty("plans").EnumerateArray()).GetString();
        Assert.NotNull(await server.ResponseStore.GetPlanAsync(planId!, Ct));
    }
}
