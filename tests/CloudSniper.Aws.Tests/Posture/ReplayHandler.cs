using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace CloudSniper.Aws.Tests.Posture;

/// <summary>
/// Answers each AWS call with a recorded response, one file per call: <c>Recorded/&lt;scenario&gt;/&lt;service&gt;.&lt;operation&gt;.json</c>
/// (falling back to <c>Recorded/common</c>) holding the status, headers and body. Remembers what was asked, and
/// whether each request carried a SigV4 signature.
/// </summary>
internal sealed class ReplayHandler(string scenario) : HttpMessageHandler
{
    private static readonly string Root = FindRecorded();

    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<string> Unsigned { get; } = new();

    /// <summary>The access key each call was signed with, and its body, in order.</summary>
    public ConcurrentQueue<(string Key, string AccessKey, string Body)> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(request, cancellationToken);
        Calls.Enqueue(key);
        var auth = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : "";
        if (!auth.StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal))
        {
            Unsigned.Enqueue(key);
        }

        var accessKey = auth.Length > 28 ? auth[28..].Split('/')[0] : "";
        Requests.Enqueue((key, accessKey, request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken)));

        var file = new[] { scenario, "common" }.Select(s => Path.Combine(Root, s, key + ".json")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"no recorded response for {key}");
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(file, cancellationToken));
        var recorded = doc.RootElement;
        var body = recorded.GetProperty("body");
        var text = body.ValueKind == JsonValueKind.String ? body.GetString()! : body.GetRawText();
        var response = new HttpResponseMessage((HttpStatusCode)recorded.GetProperty("status").GetInt32())
        {
            Content = new StringContent(text, Encoding.UTF8, recorded.TryGetProperty("contentType", out var ct) ? ct.GetString()! : "application/json"),
            RequestMessage = request,
        };
        if (recorded.TryGetProperty("headers", out var headers))
        {
            foreach (var h in headers.EnumerateObject())
            {
                response.Headers.TryAddWithoutValidation(h.Name, h.Value.GetString());
            }
        }

        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", Guid.NewGuid().ToString());
        return response;
    }

    private static string FindRecorded()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloudSniper.slnx")))
            {
                return Path.Combine(dir.FullName, "tests", "CloudSniper.Aws.Tests", "Posture", "Recorded");
            }
        }

        throw new DirectoryNotFoundException("CloudSniper.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary><c>service.operation</c>: the X-Amz-Target operation, the form's Action, or METHOD_path for REST calls.</summary>
    private static async Task<string> KeyAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var labels = request.RequestUri!.Host.Split('.');
        var service = labels[0] == "api" ? labels[1] : labels[0];
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets))
        {
            var target = targets.First();
            return service + "." + target[(target.LastIndexOf('.') + 1)..];
        }

        var content = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
        if (content.Contains("Action=", StringComparison.Ordinal))
        {
            var action = content.Split('&').First(p => p.StartsWith("Action=", StringComparison.Ordinal))[7..];
            return service + "." + action;
        }

        return service + "." + request.Method.Method + "_" + request.RequestUri.AbsolutePath.Trim('/').Replace('/', '_');
    }
}
