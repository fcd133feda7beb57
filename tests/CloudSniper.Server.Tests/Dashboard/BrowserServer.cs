using System.Net.Http.Headers;
using CloudSniper.Core.Access;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Playbooks;
using CloudSniper.Core.Response.Store;
using CloudSniper.Store.Sqlite;
using CloudSniper.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace CloudSniper.Server.Tests.Dashboard;

/// <summary>
/// The server on Kestrel on a real loopback port (port 0) over SQLite, with an admin, a responder and a viewer key,
/// and Debian's headless Chromium driven through <c>/usr/bin/chromedriver</c>.
/// </summary>
public sealed class BrowserServer : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    private readonly string _directory;

    private BrowserServer(string directory, WebApplication app, SqliteKnowledgeBase kb, SqliteResponseStore store, SqliteAccessStore access, Uri address)
    {
        _directory = directory;
        App = app;
        KnowledgeBase = kb;
        ResponseStore = store;
        Access = access;
        Address = address;
    }

    public WebApplication App { get; }

    public SqliteKnowledgeBase KnowledgeBase { get; }

    public SqliteResponseStore ResponseStore { get; }

    public SqliteAccessStore Access { get; }

    /// <summary>The listening address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Address { get; }

    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>Skips (locally) or fails (in CI) unless Chromium and its driver are installed.</summary>
    public static void RequireBrowser() =>
        Requirement.SkipUnless(File.Exists(Chromium) && File.Exists(ChromeDriver), $"{Chromium} and {ChromeDriver} (Debian packages chromium and chromium-driver)");

    public static async Task<BrowserServer> StartAsync(CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sniper-dashboard-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(directory);
        var db = Path.Combine(directory, "sniper.db");
        var kb = new SqliteKnowledgeBase(db);
        await kb.InitializeAsync(ct);
        var store = new SqliteResponseStore(db);
        await store.InitializeAsync(ct);
        var access = new SqliteAccessStore(db, TimeProvider.System);
        await access.InitializeAsync(ct);

        var registry = ActionRegistry.Default;
        var responseOptions = new ResponseOptions();
        var engine = new ResponseEngine([DefaultPlaybook.Load(registry)], registry, new ResponseGuards(AwsIpRanges.LoadBundled(), [], responseOptions.MinSeverity), responseOptions);
        Core.Response.Execution.IActionExecutor[] executors =
        [
            new RecordingBlockExecutor(BlockIpInNetworkAcl.ActionKey, BlockKind.NetworkAcl),
            new RecordingBlockExecutor(BlockIpInWaf.ActionKey, BlockKind.Waf),
        ];
        var runner = new ResponseRunner(engine, store, executors, audit: new KnowledgeBaseAuditSink(kb));
        var services = new ServerServices
        {
            KnowledgeBase = kb,
            ResponseStore = store,
            ApiKeys = access,
            ReplayGuard = access,
            Ingest = new IngestComponents(DocumentReader.Read, IocExtractor.Extract),
            ResponseRunner = _ => Task.FromResult(runner),
        };
        var options = new ServerOptions { Urls = ["http://127.0.0.1:0"], ReportsDirectory = Path.Combine(directory, "reports") };
        var app = SniperServer.Build(options, services, b =>
            b.Services.Configure<Microsoft.Extensions.Logging.LoggerFilterOptions>(o => o.MinLevel = Microsoft.Extensions.Logging.LogLevel.Warning));
        await app.StartAsync(ct);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var server = new BrowserServer(directory, app, kb, store, access, address);
        var manager = new ApiKeyManager(access, kb, TimeProvider.System);
        server.Keys["viewer"] = (await manager.CreateAsync("viewer-key", ApiRole.Viewer, [], "test", ct)).Secret;
        server.Keys["responder"] = (await manager.CreateAsync("responder-key", ApiRole.Responder, [], "test", ct)).Secret;
        server.Keys["admin"] = (await manager.CreateAsync("admin-key", ApiRole.Admin, [], "test", ct)).Secret;
        return server;
    }

    /// <summary>A headless Chromium of the given window size.</summary>
    public static ChromeDriver Browser(int width = 1366, int height = 768)
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--window-size={width},{height}", "--hide-scrollbars");
        // Alerts stay open so a test can look for them instead of their being dismissed behind its back.
        options.UnhandledPromptBehavior = UnhandledPromptBehavior.Ignore;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        // Headless windows have a minimum width above a phone's; the device metrics set the viewport exactly.
        driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width,
            ["height"] = height,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = width < 600,
        });
        return driver;
    }

    /// <summary>Posts findings to the API over the real port with the admin key; returns the answer's JSON text.</summary>
    public async Task<string> PostFindingsAsync(string body, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keys["admin"]);
        using var response = await client.PostAsync(new Uri("/api/v1/findings", UriKind.Relative), new StringContent(body), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    /// <summary>Signs <paramref name="driver"/> in with the key of <paramref name="role"/> through the form.</summary>
    public void SignIn(IWebDriver driver, string role)
    {
        ArgumentNullException.ThrowIfNull(driver);
        driver.Navigate().GoToUrl(new Uri(Address, "/login"));
        driver.FindElement(By.Id("key")).SendKeys(Keys[role]);
        driver.FindElement(By.CssSelector("form.login button[type=submit]")).Click();
        Wait(driver, d => d.Url.EndsWith("/dashboard", StringComparison.Ordinal));
    }

    /// <summary>Waits up to 20 s for <paramref name="condition"/>; fails with the page's text otherwise.</summary>
    public static void Wait(IWebDriver driver, Func<IWebDriver, bool> condition)
    {
        ArgumentNullException.ThrowIfNull(driver);
        var wait = new OpenQA.Selenium.Support.UI.DefaultWait<IWebDriver>(driver) { Timeout = TimeSpan.FromSeconds(20), PollingInterval = TimeSpan.FromMilliseconds(200) };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        try
        {
            wait.Until(condition);
        }
        catch (WebDriverTimeoutException)
        {
            Assert.Fail("timed out waiting on " + driver.Url + ":\n" + driver.FindElement(By.TagName("body")).Text);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await KnowledgeBase.DisposeAsync();
        await ResponseStore.DisposeAsync();
        await Access.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
