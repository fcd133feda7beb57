using System.Net.Http.Headers;
using System.Text.Json;
using CloudSniper.Core.Access;
using CloudSniper.Core.Iocs;
using CloudSniper.Core.Ingestion;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Playbooks;
using CloudSniper.Core.Response.Store;
using CloudSniper.Store.Sqlite;
using CloudSniper.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CloudSniper.Server.Tests;

/// <summary>
/// The server on the in-process test host over real SQLite stores in a temporary directory, with one key of each role
/// and one scoped to account <see cref="ScopedAccount"/>.
/// </summary>
public sealed class ServerHarness : IAsyncDisposable
{
    public const string ScopedAccount = "111111111111";

    private readonly string _directory;

    private ServerHarness(string directory, WebApplication app, SqliteKnowledgeBase knowledgeBase, SqliteResponseStore responseStore, SqliteAccessStore access, ManualTimeProvider time)
    {
        _directory = directory;
        App = app;
        KnowledgeBase = knowledgeBase;
        ResponseStore = responseStore;
        Access = access;
        Time = time;
    }

    public WebApplication App { get; }

    public SqliteKnowledgeBase KnowledgeBase { get; }

    public SqliteResponseStore ResponseStore { get; }

    public SqliteAccessStore Access { get; }

    public ManualTimeProvider Time { get; }

    /// <summary>Role name (viewer, responder, admin, scoped) → secret.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts a server; <paramref name="options"/> may change the limits, feeds and hooks.</summary>
    public static async Task<ServerHarness> StartAsync(Func<ServerOptions, ServerOptions>? options = null, CancellationToken cancellationToken = default, Func<string, CloudSniper.Aws.Sources.SqsInputSource>? openQueue = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sniper-server-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(directory);
        var db = Path.Combine(directory, "sniper.db");
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var knowledgeBase = new SqliteKnowledgeBase(db);
        await knowledgeBase.InitializeAsync(cancellationToken);
        var responseStore = new SqliteResponseStore(db);
        await responseStore.InitializeAsync(cancellationToken);
        var access = new SqliteAccessStore(db, time);
        await access.InitializeAsync(cancellationToken);

        var registry = ActionRegistry.Default;
        var responseOptions = new ResponseOptions();
        var engine = new ResponseEngine([DefaultPlaybook.Load(registry)], registry, new ResponseGuards(AwsIpRanges.LoadBundled(), [], responseOptions.MinSeverity), responseOptions);
        var runner = new ResponseRunner(engine, responseStore, [], time: time, audit: new KnowledgeBaseAuditSink(knowledgeBase));
        var services = new ServerServices
        {
            KnowledgeBase = knowledgeBase,
            ResponseStore = responseStore,
            ApiKeys = access,
            ReplayGuard = access,
            Ingest = new IngestComponents(DocumentReader.Read, IocExtractor.Extract),
            ResponseRunner = _ => Task.FromResult(runner),
            OpenQueue = openQueue,
            Time = time,
        };
        var serverOptions = new ServerOptions { ReportsDirectory = Path.Combine(directory, "reports") };
        serverOptions = options?.Invoke(serverOptions) ?? serverOptions;
        var app = SniperServer.Build(serverOptions, services, b =>
        {
            b.WebHost.UseTestServer();
            b.Services.Configure<Microsoft.Extensions.Logging.LoggerFilterOptions>(o => o.MinLevel = Microsoft.Extensions.Logging.LogLevel.Warning);
        });
        await app.StartAsync(cancellationToken);

        var harness = new ServerHarness(directory, app, knowledgeBase, responseStore, access, time);
        var manager = new ApiKeyManager(access, knowledgeBase, time);
        harness.Keys["viewer"] = (await manager.CreateAsync("viewer-key", ApiRole.Viewer, [], "test", cancellationToken)).Secret;
        harness.Keys["responder"] = (await manager.CreateAsync("responder-key", ApiRole.Responder, [], "test", cancellationToken)).Secret;
        harness.Keys["admin"] = (await manager.CreateAsync("admin-key", ApiRole.Admin, [], "test", cancellationToken)).Secret;
        harness.Keys["scoped"] = (await manager.CreateAsync("scoped-key", ApiRole.Responder, [ScopedAccount], "test", cancellationToken)).Secret;
        return harness;
    }

    /// <summary>A client sending the key of <paramref name="role"/> (null: no key).</summary>
    public HttpClient Client(string? role = null)
    {
        var client = App.GetTestClient();
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keys.TryGetValue(role, out var key) ? key : role);
        }

        return client;
    }

    /// <summary>Posts <paramref name="body"/> to <c>/api/v1/findings</c> with the admin key and fails the test unless it is accepted whole.</summary>
    public async Task<JsonDocument> PostFindingsAsync(string body, CancellationToken cancellationToken = default)
    {
        using var client = Client("admin");
        using var response = await client.PostAsync(new Uri("/api/v1/findings", UriKind.Relative), new StringContent(body), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, text);
        return JsonDocument.Parse(text);
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
