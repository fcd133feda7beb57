using System.Text.Json;
using CloudSniper.Core.Response.Store;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace CloudSniper.Server.Tests.Dashboard;

/// <summary>End to end in Debian's headless Chromium against the server on a loopback port.</summary>
public sealed class DashboardBrowserTests
{
    private const string Attacker = DashboardAccessTests.Attacker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_finding_posted_to_the_API_appears_on_the_open_incidents_page_without_a_reload()
    {
        BrowserServer.RequireBrowser();
        await using var server = await BrowserServer.StartAsync(Ct);
        using var driver = BrowserServer.Browser();
        server.SignIn(driver, "viewer");
        driver.Navigate().GoToUrl(new Uri(server.Address, "/dashboard/incidents"));
        Assert.Contains("No incidents.", driver.FindElement(By.Id("incident-rows")).Text, StringComparison.Ordinal);
        // A property of this document: a reload would make a new one without it.
        driver.ExecuteScript("window.sniperMarker = 'same-document';");

        await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-live", "111111111111", severity: 8, remoteIp: Attacker)), Ct);

        BrowserServer.Wait(driver, d => d.FindElement(By.Id("incident-rows")).Text.Contains("i-0123456789abcdef0", StringComparison.Ordinal));
        Assert.Equal("same-document", driver.ExecuteScript("return window.sniperMarker;"));
    }

    [Fact]
    public async Task A_responder_approves_a_plan_and_its_block_is_executed()
    {
        BrowserServer.RequireBrowser();
        await using var server = await BrowserServer.StartAsync(Ct);
        using var posted = JsonDocument.Parse(await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-plan", "111111111111", severity: 8, remoteIp: Attacker)), Ct));
        var planId = posted.RootElement.GetProperty("plans")[0].GetString()!;
        using var driver = BrowserServer.Browser();
        server.SignIn(driver, "responder");

        driver.Navigate().GoToUrl(new Uri(server.Address, "/dashboard/approvals"));
        driver.FindElement(By.XPath($"//button[normalize-space()='Approve plan {planId}']")).Click();

        BrowserServer.Wait(driver, d => d.FindElement(By.CssSelector("p.notice")).Text.StartsWith($"Plan {planId} approved", StringComparison.Ordinal));
        var approvals = await server.ResponseStore.ListApprovalsAsync(planId, Ct);
        Assert.NotEmpty(approvals);
        Assert.All(approvals, a => Assert.Equal("apikey:responder-key", a.Approver));
        var blocks = await server.ResponseStore.ListBlocksAsync(new BlockQuery(Address: Attacker + "/32"), Ct);
        Assert.NotEmpty(blocks);
        Assert.DoesNotContain(planId, driver.FindElement(By.TagName("main")).Text.Replace($"Plan {planId} approved", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_responder_unblocks_an_address()
    {
        BrowserServer.RequireBrowser();
        await using var server = await BrowserServer.StartAsync(Ct);
        var now = DateTimeOffset.UtcNow;
        await server.ResponseStore.UpsertBlocksAsync(
        [
            new BlockRecord
            {
                Id = BlockRecord.IdFor(BlockKind.NetworkAcl, "acl-0abc", Attacker + "/32"),
                Address = Attacker + "/32",
                Kind = BlockKind.NetworkAcl,
                Target = "acl-0abc",
                AccountId = "111111111111",
                Region = "us-east-1",
                CreatedAt = now,
                ExpiresAt = now.AddHours(6),
            },
        ], Ct);
        using var driver = BrowserServer.Browser();
        server.SignIn(driver, "responder");

        driver.Navigate().GoToUrl(new Uri(server.Address, "/dashboard/blocks"));
        driver.FindElement(By.XPath($"//button[normalize-space()='Unblock {Attacker}/32']")).Click();

        BrowserServer.Wait(driver, d => d.FindElement(By.CssSelector("p.notice")).Text == $"{Attacker}/32 unblocked.");
        Assert.Empty(await server.ResponseStore.ListBlocksAsync(new BlockQuery(Address: Attacker + "/32"), Ct));
        Assert.Empty(driver.FindElements(By.XPath($"//button[normalize-space()='Unblock {Attacker}/32']")));
    }

    [Fact]
    public async Task A_title_with_markup_shows_as_text_and_runs_no_script()
    {
        BrowserServer.RequireBrowser();
        const string title = "<img src=x onerror=alert(1)>";
        await using var server = await BrowserServer.StartAsync(Ct);
        await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-xss", "111111111111", title: title, severity: 8, remoteIp: Attacker)), Ct);
        var incident = await server.KnowledgeBase.ListIncidentsAsync(new Core.KnowledgeBase.IncidentQuery(null, null, 10), Ct).FirstAsync(Ct);
        using var driver = BrowserServer.Browser();
        server.SignIn(driver, "viewer");

        driver.Navigate().GoToUrl(new Uri(server.Address, "/dashboard/incidents/" + Uri.EscapeDataString(incident.Id)));

        BrowserServer.Wait(driver, d => d.FindElements(By.CssSelector("td.finding-title")).Count > 0);
        Assert.Equal(title, driver.FindElement(By.CssSelector("td.finding-title")).Text);
        Assert.Empty(driver.FindElements(By.CssSelector("img[src='x']")));
        Assert.Throws<NoAlertPresentException>(() => driver.SwitchTo().Alert());
    }

    [Fact]
    public async Task A_form_submitted_without_its_token_is_refused()
    {
        BrowserServer.RequireBrowser();
        await using var server = await BrowserServer.StartAsync(Ct);
        using var posted = JsonDocument.Parse(await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-plan", "111111111111", severity: 8, remoteIp: Attacker)), Ct));
        var planId = posted.RootElement.GetProperty("plans")[0].GetString()!;
        using var driver = BrowserServer.Browser();
        server.SignIn(driver, "responder");
        driver.Navigate().GoToUrl(new Uri(server.Address, "/dashboard/approvals"));
        var button = driver.FindElement(By.XPath($"//button[normalize-space()='Approve plan {planId}']"));

        driver.ExecuteScript("arguments[0].form.querySelector('input[name=__token]').remove();", button);
        button.Click();

        BrowserServer.Wait(driver, d => d.FindElement(By.TagName("body")).Text.Contains("anti-forgery token is missing or invalid", StringComparison.Ordinal));
        Assert.Empty(await server.ResponseStore.ListApprovalsAsync(planId, Ct));
    }

    [Fact]
    public async Task Sign_in_attempts_are_rate_limited()
    {
        BrowserServer.RequireBrowser();
        await using var server = await BrowserServer.StartAsync(Ct);
        using var driver = BrowserServer.Browser();

        for (var i = 0; i < CloudSniper.Server.Dashboard.DashboardModule.SignInAttemptsPerMinute; i++)
        {
            driver.Navigate().GoToUrl(new Uri(server.Address, "/login"));
            driver.FindElement(By.Id("key")).SendKeys("snp_wrong-" + i);
            driver.FindElement(By.CssSelector("form.login button[type=submit]")).Click();
            BrowserServer.Wait(driver, d => d.FindElement(By.CssSelector("p.notice.error")).Text == "That key is not valid.");
        }

        driver.Navigate().GoToUrl(new Uri(server.Address, "/login"));
        driver.FindElement(By.Id("key")).SendKeys(server.Keys["admin"]);
        driver.FindElement(By.CssSelector("form.login button[type=submit]")).Click();

        BrowserServer.Wait(driver, d => d.FindElements(By.Id("key")).Count == 0);
        Assert.EndsWith("/login", driver.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(driver.Manage().Cookies.AllCookies, c => c.Name == "sniper-session");
    }

    [Fact]
    public async Task Every_page_renders_at_laptop_and_phone_widths()
    {
        BrowserServer.RequireBrowser();
        await using var server = await BrowserServer.StartAsync(Ct);
        await server.PostFindingsAsync(TestDocuments.Lines(
            TestDocuments.GuardDuty("f-1", "111111111111", title: "Unprotected port on EC2 instance i-0123456789abcdef0 is being probed", severity: 8, remoteIp: Attacker),
            TestDocuments.GuardDuty("f-2", "222222222222", title: "SSH brute force against i-0fedcba9876543210", severity: 5, remoteIp: "185.220.101.4")), Ct);
        var incident = await server.KnowledgeBase.ListIncidentsAsync(new Core.KnowledgeBase.IncidentQuery(null, null, 10), Ct).FirstAsync(Ct);
        var pages = new (string Name, string Path)[]
        {
            ("overview", "/dashboard"), ("incidents", "/dashboard/incidents"), ("incident", "/dashboard/incidents/" + Uri.EscapeDataString(incident.Id)),
            ("iocs", "/dashboard/iocs"), ("ioc", "/dashboard/iocs/" + Attacker), ("blocks", "/dashboard/blocks"), ("approvals", "/dashboard/approvals"),
            ("analytics", "/dashboard/analytics"), ("posture", "/dashboard/posture"), ("jobs", "/dashboard/jobs"), ("keys", "/dashboard/keys"),
        };
        var directory = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(directory);

        foreach (var (width, height, label) in new[] { (1366, 768, "laptop"), (390, 844, "phone") })
        {
            using var driver = BrowserServer.Browser(width, height);
            driver.Navigate().GoToUrl(new Uri(server.Address, "/login"));
            driver.GetScreenshot().SaveAsFile(Path.Combine(directory, $"login-{label}.png"));
            server.SignIn(driver, "admin");
            foreach (var (name, path) in pages)
            {
                driver.Navigate().GoToUrl(new Uri(server.Address, path));
                var heading = driver.FindElement(By.TagName("h1"));
                Assert.False(string.IsNullOrWhiteSpace(heading.Text), $"{path} has no heading");
                // Usable at this width: the page does not scroll sideways (wide tables scroll inside their box).
                var overflow = Convert.ToInt64(driver.ExecuteScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(overflow <= 0, $"{path} at {width}px scrolls sideways by {overflow}px");
                driver.GetScreenshot().SaveAsFile(Path.Combine(directory, $"{name}-{label}.png"));
            }
        }

        Assert.True(File.Exists(Path.Combine(directory, "overview-laptop.png")));
    }
}
