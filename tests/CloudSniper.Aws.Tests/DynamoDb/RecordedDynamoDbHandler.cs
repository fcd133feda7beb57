using System.Net;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace CloudSniper.Aws.Tests.DynamoDb;

/// <summary>
/// Answers DynamoDB calls from recorded responses, one per call, in order per operation, and records every
/// request; an operation without a recorded response left gets an empty success.
/// </summary>
internal sealed class RecordedDynamoDbHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Queue<(HttpStatusCode Status, string Body)>> _responses = new(StringComparer.Ordinal);

    /// <summary>Every request as (operation, JSON body), in order.</summary>
    public List<(string Operation, string Body)> Requests { get; } = [];

    /// <summary>Queues the response to the next call of <paramref name="operation"/>.</summary>
    public RecordedDynamoDbHandler Respond(string operation, HttpStatusCode status, string body)
    {
        if (!_responses.TryGetValue(operation, out var queue))
        {
            _responses[operation] = queue = new();
        }

        queue.Enqueue((status, body));
        return this;
    }

    /// <summary>The bodies of the calls to <paramref name="operation"/>.</summary>
    public List<string> BodiesOf(string operation) => [.. Requests.Where(r => r.Operation == operation).Select(r => r.Body)];

    /// <summary>A client whose every call this handler answers.</summary>
    public AmazonDynamoDBClient CreateClient() => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonDynamoDBConfig
        {
            ServiceURL = "http://dynamodb.recorded.invalid",
            AuthenticationRegion = "us-east-1",
            HttpClientFactory = new Factory(this),
            MaxErrorRetry = 0,
        });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "";
        var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add((operation, body));
        }

        var (status, json) = (HttpStatusCode.OK, "{}");
        lock (_responses)
        {
            if (_responses.TryGetValue(operation, out var queue) && queue.Count > 0)
            {
                (status, json) = queue.Dequeue();
            }
        }

        return new HttpResponseMessage(status)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0"),
            RequestMessage = request,
        };
    }

    private sealed class Factory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
    }
}
