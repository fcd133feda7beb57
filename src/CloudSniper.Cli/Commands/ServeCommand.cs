using System.CommandLine;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Response;
using CloudSniper.Server;
using Microsoft.Extensions.Hosting;

namespace CloudSniper.Cli.Commands;

/// <summary>
/// <c>sniper serve</c>: the always-on host. Opens the knowledge base, response host and key store as the other verbs do
/// and hands them to <see cref="SniperServer"/>: HTTP API on Kestrel, SQS consumers, scheduled jobs. SIGTERM or Ctrl-C
/// stops receiving and lets in-flight work finish within the grace period.
/// </summary>
public static class ServeCommand
{
    public static Command Create(CliEnvironment env)
    {
        var urls = new Option<string[]>("--urls") { Description = $"Addresses to listen on, ';'-separated or repeated (default {ServerOptions.DefaultUrl})", AllowMultipleArgumentsPerToken = false };
        var queues = new Option<string[]>("--queue") { Description = "SQS queue to consume, sqs://… (repeatable)" };
        var consumers = new Option<int?>("--consumers") { Description = "Concurrent receivers per queue (default 1)" };
        var noHttp = new Option<bool>("--no-http") { Description = "Run consumers and jobs only, with no HTTP listener" };
        var noJobs = new Option<bool>("--no-jobs") { Description = "Run no scheduled jobs on this instance" };
        var command = new Command("serve", "Run the server: HTTP API (/api/v1), SQS consumers and scheduled jobs");
        command.Options.Add(urls);
        command.Options.Add(queues);
        command.Options.Add(consumers);
        command.Options.Add(noHttp);
        command.Options.Add(noJobs);
        command.SetAction(async (parse, ct) =>
        {
            var config = ConfigResolver.LoadOrThrow(parse, env);
            var serve = config.Serve;
            var options = new ServerOptions
            {
                Urls = SplitUrls(parse.GetValue(urls)) is { Count: > 0 } list ? list : serve.Urls.Count > 0 ? serve.Urls : [ServerOptions.DefaultUrl],
                Queues = parse.GetValue(queues) is { Length: > 0 } q ? q : serve.Queues,
                Consumers = parse.GetValue(consumers) ?? serve.Consumers,
                NoHttp = parse.GetValue(noHttp) || !serve.Http,
                NoJobs = parse.GetValue(noJobs) || !serve.Jobs,
                Sqs = config.Sqs,
                MaxRequestBodyBytes = serve.MaxBodyBytes > 0 ? serve.MaxBodyBytes : throw new UsageException("serve.maxBodyBytes must be positive"),
                MaxJsonDepth = serve.MaxJsonDepth is >= 2 and <= 1000 ? serve.MaxJsonDepth : throw new UsageException("serve.maxJsonDepth must be between 2 and 1000"),
                ReportsDirectory = serve.ReportsDirectory is { } reports ? Path.Combine(env.CurrentDirectory, reports) : Path.Combine(env.DataDirectory, "reports"),
                ShutdownGrace = TimeSpan.FromSeconds(serve.ShutdownGraceSeconds is >= 0 and <= 3600 ? serve.ShutdownGraceSeconds : throw new UsageException("serve.shutdownGraceSeconds must be between 0 and 3600")),
                FeedSecrets = config.Feeds
                    .Where(f => !string.IsNullOrEmpty(f.Value.Secret))
                    .ToDictionary(f => f.Key, f => f.Value.Secret!, StringComparer.OrdinalIgnoreCase),
                BootstrapAdminKey = env.GetVariable("SNIPER_API_KEY") is { Length: > 0 } k ? k : null,
            };
            if (options.Consumers < 1)
            {
                throw new UsageException("--consumers must be at least 1");
            }

            foreach (var queue in options.Queues)
            {
                if (!queue.StartsWith("sqs://", StringComparison.Ordinal))
                {
                    throw new UsageException($"--queue '{queue}': use sqs://QUEUE-NAME or sqs://ACCOUNT/QUEUE-NAME");
                }
            }

            if (options.BootstrapAdminKey is { Length: < 16 })
            {
                throw new UsageException("SNIPER_API_KEY must be at least 16 characters; generate one with 'sniper apikey create' or 'openssl rand -hex 32'");
            }

            var uri = KnowledgeBaseFactory.ResolveUri(parse, env, config);
            await using var knowledgeBase = await KnowledgeBaseFactory.OpenAsync(uri, env, ct).ConfigureAwait(false);
            await using var host = await ResponseHost.OpenAsync(env, parse, [], ct).ConfigureAwait(false);
            var (keys, replay) = await AccessStoreFactory.OpenAsync(uri, env, ct).ConfigureAwait(false);
            await using var keyStore = keys;
            var mode = host.Settings.Options.Mode;
            var services = new ServerServices
            {
                KnowledgeBase = knowledgeBase,
                ResponseStore = host.Store,
                ApiKeys = keys,
                ReplayGuard = replay,
                Ingest = IngestRunner.Components,
                Mode = mode,
                Time = env.Time,
                IocTtl = Core.KnowledgeBase.KnowledgeBaseRules.IocTtl(config.IocTtlDays),
                OpenQueue = queue => new Aws.Sources.SqsInputSource(
                    AwsClients.Sqs(env),
                    queue["sqs://".Length..],
                    new Aws.Sources.SqsSourceOptions
                    {
                        Follow = true,
                        MaxReceives = config.Sqs.MaxReceives,
                        VisibilityTimeoutSeconds = config.Sqs.VisibilityTimeoutSeconds,
                        WaitTimeSeconds = config.Sqs.WaitTimeSeconds,
                        QuarantineDirectory = config.Sqs.QuarantineDirectory ?? Path.Combine(env.DataDirectory, "quarantine"),
                    },
                    message => env.Error.WriteLine(message)),
                ResponseRunner = async token => (await host.ConnectAsync(env, token, withOwnAddresses: mode == ResponseMode.Enforce).ConfigureAwait(false)).Runner,
            };

            await using var app = SniperServer.Build(options, services);
            if (!options.NoHttp)
            {
                env.Notes.WriteLine($"sniper: serving on {string.Join(", ", options.Urls)} (store {uri}, {mode.ToString().ToLowerInvariant()} mode)");
            }

            if (options.BootstrapAdminKey is null && (await keys.ListAsync(ct).ConfigureAwait(false)).All(key => !key.IsActive))
            {
                env.Notes.WriteLine("sniper: no API key yet: create one with 'sniper apikey create --name NAME --role admin' or set SNIPER_API_KEY");
            }

            await ((IHost)app).RunAsync(ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static List<string> SplitUrls(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
