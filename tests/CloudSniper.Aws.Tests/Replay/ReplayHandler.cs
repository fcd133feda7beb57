using System.Net;
using System.Text;

namespace CloudSniper.Aws.Tests.Replay;

/// <summary>
/// Replays recorded AWS answers in order, checking that each request is the expected operation (from
/// <c>X-Amz-Target</c> or the form's <c>Action</c>), and keeps every request for assertions.
/// </summary>
internal sealed class ReplayHandler : HttpMessageHandler
{
    private readonly Queue<(string Operation, string Raw)> _script = new();
    private readonly Lock _lock = new();

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Answers the next <paramref name="operation"/> with the recorded file <c>Recorded/NAME</c>.</summary>
    public ReplayHandler Then(string operation, string file)
    {
        _script.Enqueue((operation, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Recorded", file))));
        return this;
    }

    /// <summary>Answers the next <paramref name="operation"/> with a body built by the test (a success shape).</summary>
    public ReplayHandler ThenBody(string operation, string body, string contentType = "text/xml", int status = 200)
    {
        _script.Enqueue((operation, $"HTTP/1.1 {status}\nContent-Type: {contentType}\n\n{body}"));
        return this;
    }

    public int Remaining => _script.Count;

    public IEnumerable<RecordedRequest> Calls(string operation) => Requests.Where(r => r.Operation == operation);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var operation = request.Headers.TryGetValues("X-Amz-Target", out var t) ? t.First().Split('.')[^1] : FormAction(body);
        (string Operation, string Raw) next;
        lock (_lock)
        {
            Requests.Add(new RecordedRequest(operation, body, request.RequestUri!, request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase)));
            if (_script.Count == 0)
            {
                throw new InvalidOperationException($"unexpected call {operation}: no recorded answer left");
            }

            next = _script.Dequeue();
        }

        if (next.Operation != operation)
        {
            throw new InvalidOperationException($"expected a call to {next.Operation}, got {operation}");
        }

        return Parse(next.Raw);
    }

    private static string FormAction(string body)
    {
        foreach (var pair in body.Split('&'))
        {
            if (pair.StartsWith("Action=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair[7..]);
            }
        }

        return "?";
    }

    private static HttpResponseMessage Parse(string raw)
    {
        raw = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var head = raw[..split].Split('\n');
        var body = raw[(split + 2)..];
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var response = new HttpResponseMessage((HttpStatusCode)status);
        string contentType = "application/octet-stream";
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }
        }

        response.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return response;
    }
}
