using System.CommandLine;
using CloudSniper.Aws.Response;
using CloudSniper.Core.Net;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Playbooks;
using CloudSniper.Core.Response.Store;
using CloudSniper.Store.Sqlite;

namespace CloudSniper.Cli.Hosting;

/// <summary>Everything the response verbs share: settings, playbooks, guards' data, the response store and the AWS-backed runner.</summary>
internal sealed class ResponseHost : IAsyncDisposable
{
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

    /// <summary>Reads the configuration and playbooks (<paramref name="playbookFiles"/> win over the configured ones) and opens the store.</summary>
    public static async Task<ResponseHost> OpenAsync(CliEnvironment env, ParseResult parse, IReadOnlyList<string> playbookFiles, CancellationToken cancellationToken)
    {
        var registry = ActionRegistry.Default;
        var configPath = parse.GetValue(GlobalOptions.Config) ?? env.GetVariable("SNIPER_CONFIG");
        string? yaml = null;
        if (!string.IsNullOrEmpty(configPath))
        {
            var full = Resolve(env, configPath);
            yaml = File.Exists(full) ? await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false) : throw new UsageException($"configuration file '{configPath}' not found");
        }

        var settings = ResponseConfigLoader.Load(yaml, configPath ?? "(environment)", env.GetVariable, registry);
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

        var rangesPath = IpRangesPath(env);
        AwsIpRanges ranges;
        if (File.Exists(rangesPath))
        {
            await using var stream = File.OpenRead(rangesPath);
            ranges = AwsIpRanges.Parse(stream);
        }
        else
        {
            ranges = AwsIpRanges.LoadBundled();
        }

        var (store, storePath) = await OpenStoreAsync(env, parse, cancellationToken).ConfigureAwait(false);
        return new ResponseHost(settings, playbooks, store, ranges, allow, storePath);
    }

    /// <summary>The response store: <c>sqlite:PATH</c> from <c>--store</c> or <c>SNIPER_STORE</c>, else a file in the data directory.</summary>
    public static async Task<(IResponseStore Store, string Path)> OpenStoreAsync(CliEnvironment env, ParseResult parse, CancellationToken cancellationToken)
    {
        var uri = parse.GetValue(GlobalOptions.Store) ?? env.GetVariable("SNIPER_STORE");
        string path;
        if (string.IsNullOrEmpty(uri))
        {
            Directory.CreateDirectory(env.DataDirectory);
            path = Path.Combine(env.DataDirectory, "cloudsniper.db");
        }
        else if (uri.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            path = Resolve(env, uri["sqlite:".Length..]);
            var dir = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }
        }
        else if (uri.StartsWith("dynamodb:", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException("the response store does not support dynamodb: yet; use --store sqlite:PATH for response state");
        }
        else
        {
            throw new UsageException($"--store must be sqlite:PATH or dynamodb:TABLE; got '{uri}'");
        }

        var store = new SqliteResponseStore(path);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return (store, path);
    }

    /// <summary>The runner acting in AWS (credentials, region and endpoints from the standard AWS settings).</summary>
    public AwsResponse Connect(CliEnvironment env, bool withOwnAddresses = true)
    {
        Aws ??= AwsResponse.Create(
            Settings.Options,
            Playbooks,
            Store,
            new AwsClientOptions
            {
                Environment = env.GetVariable,
                Time = env.Time,
                DefaultRegion = env.GetVariable("AWS_REGION") ?? env.GetVariable("AWS_DEFAULT_REGION") ?? "us-east-1",
            },
            Ranges,
            AllowList,
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
    }
}
