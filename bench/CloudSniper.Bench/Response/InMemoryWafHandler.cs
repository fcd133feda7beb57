using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CloudSniper.Bench.Response;

/// <summary>A WAFv2 stand-in for the burst benchmark: keeps IP sets in memory and counts each operation.</summary>
internal sealed class InMemoryWafHandler : HttpMessageHandler
{
    private readonly Dictionary<string, (string Name, string Scope, string Version, List<string> Addresses, string Lock)> _sets = new(StringComparer.Ordinal);

    public Dictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = request.Headers.GetValues("X-Amz-Target").First().Split('.')[1];
        Calls[operation] = Calls.GetValueOrDefault(operation) + 1;
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
        JsonObject answer;
        switch (operation)
        {
            case "ListIPSets":
                answer = new JsonObject { ["IPSets"] = new JsonArray([.. _sets.Select(s => (JsonNode)Summary(s.Key))]) };
                break;
            case "CreateIPSet":
                var id = Guid.NewGuid().ToString();
                _sets[id] = (body["Name"]!.GetValue<string>(), body["Scope"]!.GetValue<string>(), body["IPAddressVersion"]!.GetValue<string>(), [], Guid.NewGuid().ToString());
                answer = new JsonObject { ["Summary"] = Summary(id) };
                break;
            case "GetIPSet":
                var set = _sets[body["Id"]!.GetValue<string>()];
                answer = new JsonObject
                {
                    ["IPSet"] = new JsonObject { ["Name"] = set.Name, ["Id"] = body["Id"]!.GetValue<string>(), ["ARN"] = Arn(body["Id"]!.GetValue<string>()), ["IPAddressVersion"] = set.Version, ["Addresses"] = new JsonArray([.. set.Addresses.Select(a => (JsonNode)JsonValue.Create(a)!)]) },
                    ["LockToken"] = set.Lock,
                };
                break;
            case "UpdateIPSet":
                var key = body["Id"]!.GetValue<string>();
                var current = _sets[key];
                if (body["LockToken"]!.GetValue<string>() != current.Lock)
                {
                    return Error("WAFOptimisticLockException");
                }

                _sets[key] = current with { Addresses = [.. body["Addresses"]!.AsArray().Select(a => a!.GetValue<string>())], Lock = Guid.NewGuid().ToString() };
                answer = new JsonObject { ["NextLockToken"] = _sets[key].Lock };
                break;
            default:
                return Error("WAFInvalidOperationException");
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1") };
    }

    private JsonObject Summary(string id) => new() { ["Name"] = _sets[id].Name, ["Id"] = id, ["ARN"] = Arn(id), ["LockToken"] = _sets[id].Lock };

    private string Arn(string id) => $"arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/{_sets[id].Name}/{id}";

    private static HttpResponseMessage Error(string code) => new(HttpStatusCode.BadRequest)
    {
        Content = new StringContent($"{{\"__type\":\"{code}\",\"Message\":\"{code}\"}}", Encoding.UTF8, "application/x-amz-json-1.1"),
    };
}
