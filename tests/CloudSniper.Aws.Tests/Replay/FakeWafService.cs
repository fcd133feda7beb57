using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CloudSniper.Aws.Tests.Replay;

/// <summary>
/// A thread-safe WAFv2 stand-in with real lock-token semantics, for concurrency tests: two workers reading the same
/// token must see exactly one update win and the other get <c>WAFOptimisticLockException</c>.
/// </summary>
internal sealed class FakeWafService : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private readonly List<string> _addresses = [];
    private string _token = Guid.NewGuid().ToString();
    private int _getsBeforeRelease;
    private readonly TaskCompletionSource _bothRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public const string Id = "3f1c2a9e-6b1d-4c4e-9a57-0d2b7e8f9a10";

    public const string Arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/cloudsniper-blocked-ipv4/" + Id;

    /// <summary>Number of first <c>GetIPSet</c> calls held until all of them arrived (forcing an interleaving).</summary>
    public int HoldFirstReads { get; init; }

    public int Updates { get; private set; }

    public int Conflicts { get; private set; }

    public IReadOnlyList<string> Addresses
    {
        get
        {
            lock (_lock)
            {
                return [.. _addresses];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = request.Headers.GetValues("X-Amz-Target").First().Split('.')[1];
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
        switch (operation)
        {
            case "GetIPSet":
                JsonObject answer;
                lock (_lock)
                {
                    answer = new JsonObject
                    {
                        ["IPSet"] = new JsonObject { ["Name"] = "cloudsniper-blocked-ipv4", ["Id"] = Id, ["ARN"] = Arn, ["IPAddressVersion"] = "IPV4", ["Addresses"] = new JsonArray([.. _addresses.Select(a => (JsonNode)JsonValue.Create(a)!)]) },
                        ["LockToken"] = _token,
                    };
                }

                if (Interlocked.Increment(ref _getsBeforeRelease) <= HoldFirstReads)
                {
                    if (_getsBeforeRelease == HoldFirstReads)
                    {
                        _bothRead.TrySetResult();
                    }

                    await _bothRead.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
                }

                return Ok(answer);
            case "UpdateIPSet":
                lock (_lock)
                {
                    if (body["LockToken"]!.GetValue<string>() != _token)
                    {
                        Conflicts++;
                        return new HttpResponseMessage(HttpStatusCode.BadRequest)
                        {
                            Content = new StringContent("{\"__type\":\"WAFOptimisticLockException\",\"Message\":\"someone changed the resource\"}", Encoding.UTF8, "application/x-amz-json-1.1"),
                        };
                    }

                    Updates++;
                    _addresses.Clear();
                    _addresses.AddRange(body["Addresses"]!.AsArray().Select(a => a!.GetValue<string>()));
                    _token = Guid.NewGuid().ToString();
                    return Ok(new JsonObject { ["NextLockToken"] = _token });
                }

            default:
                throw new InvalidOperationException("unexpected " + operation);
        }
    }

    private static HttpResponseMessage Ok(JsonObject answer) =>
        new(HttpStatusCode.OK) { Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1") };
}
