using System.Collections.Immutable;
using Amazon.Runtime;
using CloudSniper.Aws.Response;
using CloudSniper.Aws.Tests.Replay;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Aws.Tests.Response;

/// <summary>Executors wired to a replay handler (for the signed clients and the SDK's HTTP client factory) and an in-memory store.</summary>
internal sealed class ExecutorHarness : IDisposable
{
    public const string Account = "123456789012";
    public const string Region = "eu-west-1";

    public ExecutorHarness(ResponseOptions? options = null)
    {
        Options = options ?? new ResponseOptions();
        Clients = new AwsClientFactory(new AwsClientOptions
        {
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
            SignedHandler = Replay,
            SdkHttpClientFactory = new ReplayHttpClientFactory(Replay),
            SdkMaxErrorRetry = 2,
            Delay = (_, _) => Task.CompletedTask,
            Environment = _ => null,
            Time = Time,
        });
    }

    public ReplayHandler Replay { get; } = new();

    public InMemoryResponseStore Store { get; } = new();

    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public ResponseOptions Options { get; }

    public AwsClientFactory Clients { get; }

    public ActionExecutionContext Context() => new() { Store = Store, Options = Options, Time = Time };

    public PlannedAction Action(string key, IEnumerable<string> addresses, params (string Key, string Value)[] parameters) => new()
    {
        Id = "act-000000000001",
        ActionKey = key,
        Phase = NistPhase.Containment,
        TargetKey = key + "|test",
        AccountId = Account,
        Region = Region,
        FindingIds = ["f1"],
        Parameters = parameters.ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        Blocks = [.. addresses.Select(a => new PlannedBlock(a, "f1", TimeSpan.FromHours(24), Time.GetUtcNow().AddHours(24), 1))],
        ResourceIds = [Ec2Xml.Instance],
    };

    public void Dispose() => Clients.Dispose();
}
