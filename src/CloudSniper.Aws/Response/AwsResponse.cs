using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Guards;
using CloudSniper.Core.Response.Playbooks;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Response;

/// <summary>Wires the response engine to AWS: playbooks, guards, executors, own-address source, store and audit.</summary>
public sealed class AwsResponse : IDisposable
{
    private readonly HttpClient _http;

    private AwsResponse(ResponseRunner runner, AwsClientFactory clients, HttpClient http)
    {
        Runner = runner;
        Clients = clients;
        _http = http;
    }

    /// <summary>The runner the ingest pipeline and the CLI call.</summary>
    public ResponseRunner Runner { get; }

    /// <summary>The AWS clients in use.</summary>
    public AwsClientFactory Clients { get; }

    /// <summary>
    /// Creates a runner over <paramref name="playbooks"/> (the built-in default when empty) that acts in AWS through
    /// <paramref name="aws"/>; the audit goes to <paramref name="audit"/> or the store's own log.
    /// </summary>
    public static AwsResponse Create(
        ResponseOptions options,
        IReadOnlyList<Playbook> playbooks,
        IResponseStore store,
        AwsClientOptions aws,
        AwsIpRanges? awsRanges = null,
        IEnumerable<Core.Net.IpNetwork>? allowList = null,
        IAuditSink? audit = null,
        HttpMessageHandler? notificationHandler = null,
        bool withOwnAddresses = true)
    {
        var registry = ActionRegistry.Default;
        var books = playbooks.Count > 0 ? playbooks : [DefaultPlaybook.Load(registry)];
        var guards = new ResponseGuards(awsRanges ?? AwsIpRanges.LoadBundled(), allowList ?? [], options.MinSeverity);
        var engine = new ResponseEngine(books, registry, guards, options);
        var clients = new AwsClientFactory(aws with { AssumeRoleName = aws.AssumeRoleName ?? options.AssumeRoleName, ExternalId = aws.ExternalId ?? options.ExternalId });
        var http = notificationHandler is null ? new HttpClient() : new HttpClient(notificationHandler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(15);
        var runner = new ResponseRunner(engine, store, AwsExecutors.Create(clients, http), withOwnAddresses ? new Ec2OwnAddressSource(clients) : null, aws.Time, audit);
        return new AwsResponse(runner, clients, http);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Clients.Dispose();
        _http.Dispose();
    }
}
