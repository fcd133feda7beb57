using System.CommandLine;
using CloudSniper.Aws.Response;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Playbooks;
using CloudSniper.Core.Response.Store;
using KnowledgeBaseAuditSink = CloudSniper.Core.Response.Store.KnowledgeBaseAuditSink;
using CloudSniper.Store.Sqlite;

namespace CloudSniper.Cli.Hosting;

/// <summary>Everything the response verbs share: settings, playbooks, guards' data, the response store and the AWS-backed runner.</summary>
internal sealed class ResponseHost : IAsyncDisposable
{
    private Core.KnowledgeBase.IKnowledgeBase? _knowledgeBase;

    private ResponseHost(ResponseSettings settings, IReadOnlyList<Playbook> playbooks, IResponseStore store, AwsIpRanges ranges, IReadOnlyList<IpNetwork> allowList, string storePath)
    {
        Settings = settings;
        Playbooks = playbooks;
        Store = store;
        Ranges = ranges;
        AllowList = allowList;
        StorePath = storePath;
    }

    public ResponseSettings Settings { get; }

    public IReadOnlyList<Playbook> Playbooks { get; }

    public IResponseStore Store { get; }

    public AwsIpRanges Ranges { get; }

    public IReadOnlyList<IpNetwork> AllowList { get; }

    public string StorePath { get; }

    public AwsResponse? Aws { get; private set; }

    /// <summary>The file <c>sniper ip-ranges refresh</c> writes and every verb reads first.</summary>
    public static string IpRangesPath(CliEnvironment env) => Path.Combine(env.DataDirectory, "aws-ip-ranges.json");

    /// <summary>
    /// Reads the configuration and playbooks (<paramref name="playbookFiles"/> win over the configured ones) and opens the
    /// store; with <paramref name="openStore"/> false (verbs that only read the playbooks) an empty in-memory one stands in.
    /// </summary>
    public static async Task<ResponseHost> OpenAsync(CliEnvironment env, ParseResult parse, IReadOnlyList<string> playbookFiles, CancellationToken cancellationToken, bool openStore = true)
    {
        var registry = ActionRegistry.Default;
        var config = ConfigResolver.LoadOrThrow(parse, env);
        var settings = ResponseConfigLoader.FromConfig(config, registry);
        if (settings.Errors.Count > 0)
        {
            throw new UsageException("invalid response configuration:\n  " + string.Join("\n  ", settings.Errors));
        }

        var files = playbookFiles.Count > 0 ? playbookFiles : settings.PlaybookFiles;
        var playbooks = new List<Playbook>();
        var loader = new PlaybookLoader(registry);
        var errors = new List<string>();
        foreach (var file in files)
        {
            var loaded = loader.LoadFile(Resolve(env, file));
            if (loaded.Playbook is { } p && loaded.Errors.Count == 0)
            {
                playbooks.Add(p);
            }
            else
            {
                errors.AddRange(loaded.Errors.Select(e => e.ToString()));
            }
        }

        if (errors.Count > 0)
        {
            throw new UsageException("invalid playbook:\n  " + string.Join("\n  ", errors));
        }

        if (playbooks.Count == 0)
        {
            playbooks.Add(DefaultPlaybook.Load(registry));
        }

        var allow = new List<IpNetwork>();
        foreach (var entry in settings.Options.AllowList)
        {
            allow.Add(IpNetwork.TryParse(entry, out var n) ? n.Value : throw new UsageException($"response.allow-list: '{entry}' is not an IP address or CIDR block"));
        }

        if (settings.Options.AllowListFile is { } allowFile)
        {
            var full = Resolve(env, allowFile);
            if (!File.Exists(full))
            {
                throw new UsageException($"allow-list file '{allowFile}' not found");
            }

            using var reader = File.OpenText(full);
            var (nets, bad) = Core.Response.Guards.AllowList.Parse(reader, allowFile);
            if (bad.Count > 0)
            {
                throw new UsageException("invalid allow-list file:\n  " + string.Join("\n  ", bad));
            }

            allow.AddRange(nets);
        }

        var (ranges, bundled) = LoadRanges(env);

        var (store, storePath) = openStore
            ? await OpenStoreAsync(env, parse, cancellationToken, config).ConfigureAwait(false)
            : (new InMemoryResponseStore(), "");
        return new ResponseHost(settings, playbooks, store, ranges, allow, storePath) { KnowledgeBaseUri = KnowledgeBaseFactory.ResolveUri(parse, env, config), UsesBundledRanges = bundled };
    }

    /// <summary>True when the AWS-ranges guard checks against the bundled snapshot, not a list installed by <c>ip-ranges refresh</c>.</summary>
    public bool UsesBundledRanges { get; private init; }

    /// <summary>
    /// The AWS service ranges the guard never blocks: the list <c>sniper ip-ranges refresh</c> installed, else the bundled
    /// snapshot (Bundled true), which is a subset.
    /// </summary>
    public static (AwsIpRanges Ranges, bool Bundled) LoadRanges(CliEnvironment env)
    {
        var path = IpRangesPath(env);
        if (File.Exists(path))
        {
            using var stream = File.OpenRead(path);
            return (AwsIpRanges.Parse(stream), false);
        }

        return (AwsIpRanges.LoadBundled(), true);
    }

    /// <summary>Says on stderr, once per plan, that the guard uses the bundled subset of AWS's ranges (a safety notice: kept under -q).</summary>
    public void NoteBundledRanges(CliEnvironment env)
    {
        if (UsesBundledRanges)
        {
            env.Error.WriteLine(BundledRangesNote(Ranges));
        }
    }

    /// <summary>The notice that the bundled snapshot is in use.</summary>
    public static string BundledRangesNote(AwsIpRanges bundled) =>
        $"note: the AWS-ranges guard uses the bundled ip-ranges snapshot, a subset of {bundled.PrefixCount} prefixes (createDate {bundled.CreateDate}); run `sniper ip-ranges refresh` to install AWS's full published list";

    /// <summary>The knowledge base whose audit log receives the response's entries.</summary>
    public string KnowledgeBaseUri { get; private init; } = "";

    /// <summary>Opens the knowledge base so that audit entries go to its log (the product's one audit trail).</summary>
    public async Task<Core.Response.Store.IAuditSink> AuditAsync(CliEnvironment env, CancellationToken cancellationToken)
    {
        _knowledgeBase ??= await KnowledgeBaseFactory.OpenAsync(KnowledgeBaseUri, env, cancellationToken).ConfigureAwait(false);
        return new KnowledgeBaseAuditSink(_knowledgeBase);
    }

    /// <summary>
    /// The response store beside the knowledge base: its SQLite file (separate <c>response_*</c> tables), or for
    /// <c>dynamodb:TABLE</c> a DynamoDB table <c>TABLE-response</c> shared by every worker.
    /// </summary>
    public static async Task<(IResponseStore Store, string Path)> OpenStoreAsync(CliEnvironment env, ParseResult parse, CancellationToken cancellationToken, Core.Configuration.SniperConfig? config = null)
    {
        var uri = KnowledgeBaseFactory.ResolveUri(parse, env, config ?? ConfigResolver.LoadOrThrow(parse, env));
        IResponseStore store;
        string where;
        if (uri.StartsWith("dynamodb:", StringComparison.Ordinal))
        {
            var table = uri["dynamodb:".Length..] + "-response";

            // Region, credentials and endpoint (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB) come from the standard AWS settings.
            store = new Aws.DynamoDb.DynamoDbResponseStore(AwsClients.DynamoDb(env), table);
            where = "dynamodb:" + table;
        }
        else
        {
            where = Resolve(env, uri.StartsWith("sqlite:", StringComparison.Ordinal) ? uri["sqlite:".Length..] : uri);
            var dir = Path.GetDirectoryName(where);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            store = new SqliteResponseStore(where);
        }

        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return (store, where);
    }

    /// <summary>The runner acting in AWS (credentials, region and endpoints from the standard AWS settings).</summary>
    public async Task<AwsResponse> ConnectAsync(CliEnvironment env, CancellationToken cancellationToken, bool withOwnAddresses = true)
    {
        var audit = await AuditAsync(env, cancellationToken).ConfigureAwait(false);
        Aws ??= AwsResponse.Create(
            Settings.Options,
            Playbooks,
            Store,
            new AwsClientOptions
            {
                // Explicit keys in the (possibly injected) environment win; otherwise the SDK's default chain
                // (profiles, SSO, container and instance roles) resolves credentials on first use.
                Credentials = AwsClients.Credentials(env),
                Environment = env.GetVariable,
                UrlVariables = Settings.Options.UrlVariables,
                Time = env.Time,
                DefaultRegion = env.GetVariable("AWS_REGION") ?? env.GetVariable("AWS_DEFAULT_REGION") ?? "us-east-1",
            },
            Ranges,
            AllowList,
            audit,
            withOwnAddresses: withOwnAddresses);
        return Aws;
    }

    /// <summary>The engine alone (no AWS), for explain and list.</summary>
    public ResponseEngine Engine() =>
        new(Playbooks, ActionRegistry.Default, new ResponseGuards(Ranges, AllowList, Settings.Options.MinSeverity), Settings.Options);

    private static string Resolve(CliEnvironment env, string path) => Path.IsPathRooted(path) ? path : Path.Combine(env.CurrentDirectory, path);

    public async ValueTask DisposeAsync()
    {
        Aws?.Dispose();
        await Store.DisposeAsync().ConfigureAwait(false);
        if (_knowledgeBase is not null)
        {
            await _knowledgeBase.DisposeAsync().ConfigureAwait(false);
        }
    }
}
