using System.Net;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Server.Tests.Dashboard;

/// <summary>The dashboard on the in-process host: sessions, roles, anti-forgery, the sign-in limit and the page headers.</summary>
public sealed class DashboardAccessTests
{
    /// <summary>A public address (documentation ranges are never indicators nor blocked), the seed finding's prober.</summary>
    internal const string Attacker = "45.83.64.12";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static readonly TheoryData<string> Pages = new()
    {
        "/dashboard", "/dashboard/incidents", "/dashboard/iocs", "/dashboard/blocks", "/dashboard/approvals",
        "/dashboard/analytics", "/dashboard/posture", "/dashboard/jobs", "/dashboard/keys",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Without_a_session_every_page_redirects_to_the_sign_in_form(string path)
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var client = new DashboardClient(server);

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_API_key_header_does_not_open_the_dashboard()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var client = server.Client("admin");

        using var response = await client.GetAsync(new Uri("/dashboard", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Signing_in_sets_an_HttpOnly_SameSite_Strict_session_cookie_and_signing_out_ends_it()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var client = new DashboardClient(server);

        using var signIn = await client.SignInAsync(server.Keys["viewer"], Ct);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/dashboard", signIn.Headers.Location!.OriginalString);
        var session = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sniper-session=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        // Plain HTTP (the loopback default): a Secure cookie would never be sent back.
        Assert.DoesNotContain("secure", session.Replace("samesite", string.Empty, StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        var overview = await client.GetPageAsync("/dashboard", Ct);
        Assert.Contains("viewer-key", overview, StringComparison.Ordinal);

        using var signOut = await client.PostAsync("/logout", DashboardClient.TokenOf(overview), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var after = await client.GetAsync("/dashboard", Ct);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Theory]
    [InlineData("snp_not-a-key")]
    [InlineData("")]
    public async Task A_wrong_key_gets_no_session(string key)
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var client = new DashboardClient(server);

        using var signIn = await client.SignInAsync(key, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.DoesNotContain("sniper-session", client.Cookies.Keys);
    }

    [Fact]
    public async Task A_revoked_key_cannot_sign_in()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        Assert.True(await server.Access.RevokeAsync("viewer-key", server.Time.GetUtcNow(), Ct));
        using var client = new DashboardClient(server);

        using var signIn = await client.SignInAsync(server.Keys["viewer"], Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    [Fact]
    public async Task A_viewer_sees_pending_plans_and_blocks_but_no_decision_forms_and_posting_them_is_forbidden()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        var planId = await SeedAsync(server);
        using var viewer = new DashboardClient(server);
        await viewer.SignInAsync(server.Keys["viewer"], Ct);

        var approvals = await viewer.GetPageAsync("/dashboard/approvals", Ct);
        var blocks = await viewer.GetPageAsync("/dashboard/blocks", Ct);

        Assert.Contains(planId, approvals, StringComparison.Ordinal);
        Assert.DoesNotContain("/approve\"", approvals, StringComparison.Ordinal);
        Assert.DoesNotContain("/reject\"", approvals, StringComparison.Ordinal);
        Assert.Contains("203.0.113.9/32", blocks, StringComparison.Ordinal);
        Assert.DoesNotContain("/dashboard/blocks/unblock", blocks, StringComparison.Ordinal);
        var token = DashboardClient.TokenOf(approvals);
        using var approve = await viewer.PostAsync($"/dashboard/plans/{planId}/approve", token, Ct);
        using var unblock = await viewer.PostAsync("/dashboard/blocks/unblock", token, Ct, ("address", "203.0.113.9/32"));
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unblock.StatusCode);
        Assert.Empty(await server.ResponseStore.ListApprovalsAsync(planId, Ct));
    }

    [Fact]
    public async Task A_responder_sees_the_decision_forms_and_a_rejection_goes_through_the_API()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        var planId = await SeedAsync(server);
        using var responder = new DashboardClient(server);
        await responder.SignInAsync(server.Keys["responder"], Ct);

        var approvals = await responder.GetPageAsync("/dashboard/approvals", Ct);
        var blocks = await responder.GetPageAsync("/dashboard/blocks", Ct);
        Assert.Contains($"/dashboard/plans/{planId}/approve\"", approvals, StringComparison.Ordinal);
        Assert.Contains("/dashboard/blocks/unblock", blocks, StringComparison.Ordinal);

        using var reject = await responder.PostAsync($"/dashboard/plans/{planId}/reject", DashboardClient.TokenOf(approvals), Ct);

        Assert.Equal(HttpStatusCode.Redirect, reject.StatusCode);
        var plan = await server.ResponseStore.GetPlanAsync(planId, Ct);
        Assert.All(plan!.Actions, a => Assert.Equal("rejected by apikey:responder-key", a.Reason));
        Assert.DoesNotContain(planId, await responder.GetPageAsync("/dashboard/approvals", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_scoped_to_another_account_neither_sees_nor_decides_a_plan()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        var planId = await SeedAsync(server, account: "222222222222");
        using var scoped = new DashboardClient(server);
        await scoped.SignInAsync(server.Keys["scoped"], Ct);

        var approvals = await scoped.GetPageAsync("/dashboard/approvals", Ct);
        using var approve = await scoped.PostAsync($"/dashboard/plans/{planId}/approve", DashboardClient.TokenOf(approvals), Ct);

        Assert.DoesNotContain(planId, approvals, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Empty(await server.ResponseStore.ListApprovalsAsync(planId, Ct));
    }

    [Theory]
    [InlineData("viewer", false)]
    [InlineData("responder", false)]
    [InlineData("admin", true)]
    public async Task Only_an_admin_sees_the_API_keys(string role, bool allowed)
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var client = new DashboardClient(server);
        await client.SignInAsync(server.Keys[role], Ct);

        using var keys = await client.GetAsync("/dashboard/keys", Ct);
        var overview = await client.GetPageAsync("/dashboard", Ct);

        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, keys.StatusCode);
        Assert.Equal(allowed, overview.Contains("href=\"/dashboard/keys\"", StringComparison.Ordinal));
        if (allowed)
        {
            var text = await keys.Content.ReadAsStringAsync(Ct);
            Assert.Contains("scoped-key", text, StringComparison.Ordinal);
            Assert.DoesNotContain(server.Keys["viewer"], text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused_and_changes_nothing()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        var planId = await SeedAsync(server);
        using var responder = new DashboardClient(server);
        await responder.SignInAsync(server.Keys["responder"], Ct);

        using var without = await responder.PostAsync($"/dashboard/plans/{planId}/reject", null, Ct);
        using var forged = await responder.PostAsync($"/dashboard/plans/{planId}/reject", "CfDJ8forged", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var plan = await server.ResponseStore.GetPlanAsync(planId, Ct);
        Assert.DoesNotContain(plan!.Actions, a => a.Reason?.StartsWith("rejected", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Sign_in_attempts_past_the_limit_are_answered_429()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var client = new DashboardClient(server);
        var token = DashboardClient.TokenOf(await client.GetPageAsync("/login", Ct));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= CloudSniper.Server.Dashboard.DashboardModule.SignInAttemptsPerMinute; i++)
        {
            using var attempt = await client.PostAsync("/login", token, Ct, ("key", "snp_wrong-" + i));
            statuses.Add(attempt.StatusCode);
        }

        Assert.All(statuses.Take(CloudSniper.Server.Dashboard.DashboardModule.SignInAttemptsPerMinute), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        using var correct = await client.PostAsync("/login", token, Ct, ("key", server.Keys["admin"]));
        Assert.Equal(HttpStatusCode.TooManyRequests, correct.StatusCode);
    }

    [Fact]
    public async Task Every_page_sends_a_Content_Security_Policy_without_unsafe_inline()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        await SeedAsync(server);
        using var client = new DashboardClient(server);
        await client.SignInAsync(server.Keys["admin"], Ct);
        var incidentId = (await server.KnowledgeBase.ListIncidentsAsync(new Core.KnowledgeBase.IncidentQuery(null, null, 10), Ct).FirstAsync(Ct)).Id;

        var incidentPage = await client.GetPageAsync("/dashboard/incidents/" + incidentId, Ct);
        var iocLink = System.Text.RegularExpressions.Regex.Match(incidentPage, "href=\"(/dashboard/iocs/[^\"]+)\"");
        Assert.True(iocLink.Success, "the incident page links none of its indicators");
        Assert.Equal("/dashboard/iocs/" + Attacker, iocLink.Groups[1].Value);

        foreach (var path in Pages.Select(p => p.Data).Append("/login").Append("/dashboard/incidents/" + incidentId).Append(iocLink.Groups[1].Value))
        {
            using var response = await client.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
            Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_attacker_controlled_title_is_shown_as_text()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-xss", "111111111111", title: "<img src=x onerror=alert(1)>", severity: 8)), Ct);
        using var client = new DashboardClient(server);
        await client.SignInAsync(server.Keys["viewer"], Ct);
        var incidentId = (await server.KnowledgeBase.ListIncidentsAsync(new Core.KnowledgeBase.IncidentQuery(null, null, 10), Ct).FirstAsync(Ct)).Id;

        var page = await client.GetPageAsync("/dashboard/incidents/" + Uri.EscapeDataString(incidentId), Ct);

        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", page, StringComparison.Ordinal);
    }

    /// <summary>A severity-8 port probe posted through the API (so the default playbook plans a block awaiting approval) and one block in place.</summary>
    internal static async Task<string> SeedAsync(ServerHarness server, string account = "111111111111")
    {
        using var posted = await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-seed", account, severity: 8, remoteIp: Attacker)), Ct);
        var planId = posted.RootElement.GetProperty("plans")[0].GetString()!;
        var now = server.Time.GetUtcNow();
        await server.ResponseStore.UpsertBlocksAsync(
        [
            new BlockRecord
            {
                Id = BlockRecord.IdFor(BlockKind.NetworkAcl, "acl-0abc", "203.0.113.9/32"),
                Address = "203.0.113.9/32",
                Kind = BlockKind.NetworkAcl,
                Target = "acl-0abc",
                AccountId = account,
                Region = "us-east-1",
                CreatedAt = now,
                ExpiresAt = now.AddHours(6),
            },
        ], Ct);
        return planId;
    }
}
