using System.Collections.Concurrent;
using System.CommandLine;
using CloudSniper.Aws.DynamoDb;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Jobs;
using CloudSniper.Store.Sqlite;

namespace CloudSniper.Cli.Jobs;

/// <summary>
/// The jobs of one instance composed from the CLI: the configured schedules, the job store beside the knowledge base
/// (its SQLite file, or its DynamoDB table), each registered job bound to its body, and the scheduler over them.
/// </summary>
internal sealed class JobHost : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, JobOutcome> _outcomes = new(StringComparer.Ordinal);

    private JobHost(IJobStore store, string storeUri)
    {
        Store = store;
        StoreUri = storeUri;
    }

    /// <summary>The job store shared by every instance on the same knowledge base.</summary>
    public IJobStore Store { get; }

    /// <summary>The knowledge base the jobs work on.</summary>
    public string StoreUri { get; }

    /// <summary>This instance's scheduler.</summary>
    public JobScheduler Scheduler { get; private set; } = null!;

    /// <summary>Loads the configuration, opens the job store and binds every registered job to its body.</summary>
    public static async Task<JobHost> OpenAsync(CliEnvironment env, ParseResult parse, CancellationToken cancellationToken, string? instanceId = null, Func<string, JobEnvironment, IJobBody?>? bodies = null)
    {
        var config = ConfigResolver.LoadOrThrow(parse, env);
        var (settings, problems) = config.Jobs.Resolve(JobRegistry.Default);
        if (problems.Count > 0)
        {
            throw new UsageException("invalid jobs configuration:\n  " + string.Join("\n  ", problems.Select(p => $"jobs.{p.Key}: {p.Reason}")));
        }

        var uri = KnowledgeBaseFactory.ResolveUri(parse, env, config);
        var store = OpenStore(uri, env);
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var host = new JobHost(store, uri);
        var context = new JobEnvironment(env, parse, config, uri);
        var jobs = settings.Select(s => new ScheduledJob(s, new Tap(s.Name, bodies?.Invoke(s.Name, context) ?? Body(s.Name, context), host._outcomes))).ToList();
        host.Scheduler = new JobScheduler(jobs, store, instanceId ?? JobScheduler.NewInstanceId(), env.Time);
        return host;
    }

    /// <summary>The job store at a knowledge-base URI: the same SQLite file (its own tables), or the same DynamoDB table (its own keys).</summary>
    public static IJobStore OpenStore(string uri, CliEnvironment env)
    {
        if (uri.StartsWith("dynamodb:", StringComparison.Ordinal))
        {
            // Region, credentials and endpoint (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB) come from the standard AWS settings.
            return new DynamoDbJobStore(AwsClients.DynamoDb(env), uri["dynamodb:".Length..], env.Time);
        }

        var path = uri.StartsWith("sqlite:", StringComparison.Ordinal) ? uri["sqlite:".Length..] : uri;
        if (path.Length == 0)
        {
            throw new UsageException("--store sqlite: needs a path, e.g. sqlite:./sniper.db");
        }

        path = Path.IsPathRooted(path) ? path : Path.Combine(env.CurrentDirectory, path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteJobStore(path, env.Time);
    }

    /// <summary>The body of a registered job.</summary>
    public static IJobBody Body(string name, JobEnvironment context) => name switch
    {
        JobRegistry.BlockExpiry => new BlockExpiryJob(context),
        JobRegistry.Runbook => new RunbookJob(context),
        JobRegistry.Beacons => new BeaconsJob(context),
        JobRegistry.IpRanges => new IpRangesJob(context),
        JobRegistry.KbTtl => new KbTtlJob(context),
        JobRegistry.IamReview => new IamReviewJob(context),
        JobRegistry.Dns => new DnsJob(context),
        _ => throw new ArgumentException($"no body for job '{name}'", nameof(name)),
    };

    /// <summary>The outcome the job's body last returned in this process (its exit code for <c>sniper jobs run</c>), or null.</summary>
    public JobOutcome? LastOutcome(string name) => _outcomes.GetValueOrDefault(name);

    public async ValueTask DisposeAsync()
    {
        if (Scheduler is not null)
        {
            await Scheduler.DisposeAsync().ConfigureAwait(false);
        }

        await Store.DisposeAsync().ConfigureAwait(false);
    }

    // Keeps each body's last outcome, and turns what a body throws into a failure with the right exit code.
    private sealed class Tap(string name, IJobBody inner, ConcurrentDictionary<string, JobOutcome> outcomes) : IJobBody
    {
        public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
        {
            JobOutcome outcome;
            try
            {
                outcome = await inner.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                outcome = JobFailures.From(ex);
            }

            outcomes[name] = outcome;
            return outcome;
        }
    }
}
