using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace CloudSniper.Aws.Posture.Internal;

/// <summary>
/// A small SigV4-signed client for one AWS service in one region, for services without an SDK package here. Speaks
/// awsJson1.1 (X-Amz-Target), restJson1 and awsQuery, and turns error answers into <see cref="AwsCallException"/>.
/// </summary>
internal sealed class SignedServiceClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseUri;

    public SignedServiceClient(AWSCredentials credentials, string region, string signingService, Uri baseUri, HttpMessageHandler inner)
    {
        _baseUri = baseUri;
        _http = new HttpClient(new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(region), signingService, inner), disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public void Dispose() => _http.Dispose();

    /// <summary>An awsJson1.1 call: POST / with the target header.</summary>
    public Task<JsonElement> JsonTargetAsync(string target, object body, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _baseUri) { Content = JsonContent(body, "application/x-amz-json-1.1") };
        request.Headers.Add("X-Amz-Target", target);
        return SendJsonAsync(request, ct);
    }

    /// <summary>A restJson1 call.</summary>
    public Task<JsonElement> RestAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, new Uri(_baseUri, path.TrimStart('/')));
        if (body is not null)
        {
            request.Content = JsonContent(body, "application/json");
        }

        return SendJsonAsync(request, ct);
    }

    /// <summary>An awsQuery call (form-encoded POST); returns the XML answer.</summary>
    public async Task<XElement> QueryAsync(string action, string version, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _baseUri)
        {
            Content = new FormUrlEncodedContent([new("Action", action), new("Version", version)]),
        };
        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        XElement xml;
        try
        {
            xml = XElement.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            throw new AwsCallException("InvalidResponse", $"not XML (HTTP {(int)response.StatusCode})", (int)response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            var error = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            throw new AwsCallException(
                error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value ?? response.StatusCode.ToString(),
                error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? "",
                (int)response.StatusCode);
        }

        return xml;
    }

    private async Task<JsonElement> SendJsonAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            JsonElement json = default;
            if (text.Length > 0)
            {
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    json = doc.RootElement.Clone();
                }
                catch (JsonException) when (!response.IsSuccessStatusCode)
                {
                    throw new AwsCallException(response.StatusCode.ToString(), text.Length > 200 ? text[..200] : text, (int)response.StatusCode);
                }
            }

            if (response.IsSuccessStatusCode)
            {
                return json;
            }

            var code = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First() : null;
            if (code is null && json.ValueKind == JsonValueKind.Object)
            {
                code = Str(json, "__type") ?? Str(json, "code") ?? Str(json, "Code");
            }

            code = (code ?? response.StatusCode.ToString()).Split(':')[0];
            code = code[(code.LastIndexOf('#') + 1)..];
            var message = json.ValueKind == JsonValueKind.Object ? Str(json, "message") ?? Str(json, "Message") ?? "" : "";
            throw new AwsCallException(code, message, (int)response.StatusCode);
        }
    }

    private static ByteArrayContent JsonContent(object body, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body)));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
