using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace CloudSniper.Aws.Signing;

/// <summary>
/// A small SigV4-signed client for AWS services the SDK packages here do not cover (WAFv2, IAM, SNS): it speaks
/// awsJson1.1 and awsQuery, resolves endpoints like the SDKs (<c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>,
/// <c>AWS_ENDPOINT_URL</c>), retries throttling and 5xx with exponential backoff and full jitter, and maps error
/// answers to typed <see cref="AwsServiceException"/>s.
/// </summary>
public sealed class SignedAwsClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.1");
    private static readonly MediaTypeHeaderValue FormContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");

    private readonly AwsServiceDescription _service;
    private readonly AWSCredentials _credentials;
    private readonly SignedClientOptions _options;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _signingRegion;
    private int _attempts;

    /// <summary>Creates a client for <paramref name="service"/> in <paramref name="region"/>.</summary>
    public SignedAwsClient(AwsServiceDescription service, string region, AWSCredentials credentials, SignedClientOptions? options = null)
    {
        _service = service;
        _credentials = credentials;
        _options = options ?? new SignedClientOptions();
        (_endpoint, _signingRegion) = AwsEndpointResolver.Resolve(service, region, _options.Environment);
        _http = _options.Handler is null ? new HttpClient() : new HttpClient(_options.Handler, disposeHandler: false);
        _http.Timeout = _options.Timeout;
        Region = region;
    }

    /// <summary>The region the client acts in.</summary>
    public string Region { get; }

    /// <summary>The resolved endpoint.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>HTTP attempts made so far (retries included).</summary>
    public int Attempts => _attempts;

    /// <summary>Calls an awsJson1.1 operation (<c>X-Amz-Target: prefix.Operation</c>) and returns the parsed answer.</summary>
    public async Task<JsonElement> JsonAsync(string targetPrefix, string operation, JsonObject request, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(request.ToJsonString());
        var text = await SendAsync(operation, body, JsonContentType, targetPrefix + "." + operation, cancellationToken).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return doc.RootElement.Clone();
    }

    /// <summary>Calls an awsQuery operation and returns the <c>&lt;Operation&gt;Result</c> element (or the root when absent).</summary>
    public async Task<XElement> QueryAsync(string operation, string version, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        // Uri.EscapeDataString leaves only RFC 3986's unreserved characters, as awsQuery's form encoding expects.
        var form = new StringBuilder().Append("Action=").Append(Uri.EscapeDataString(operation)).Append("&Version=").Append(Uri.EscapeDataString(version));
        foreach (var (k, v) in parameters)
        {
            form.Append('&').Append(Uri.EscapeDataString(k)).Append('=').Append(Uri.EscapeDataString(v));
        }

        var text = await SendAsync(operation, Encoding.UTF8.GetBytes(form.ToString()), FormContentType, null, cancellationToken).ConfigureAwait(false);
        var root = XDocument.Parse(text).Root ?? throw new InvalidDataException($"{_service.ServiceId} {operation}: empty answer");
        return root.Elements().FirstOrDefault(e => e.Name.LocalName == operation + "Result") ?? root;
    }

    private async Task<string> SendAsync(string operation, byte[] body, MediaTypeHeaderValue contentType, string? target, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Interlocked.Increment(ref _attempts);
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = contentType;
            if (target is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            }

            await SignAsync(request, body, _credentials, _signingRegion, _service.SigningName, _options.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= _options.MaxAttempts)
                {
                    throw new HttpRequestException($"{_service.ServiceId} {operation}: no answer from {_endpoint} after {attempt} attempts: {ex.Message}", ex);
                }

                await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return text;
                }

                var (code, message, requestId) = ParseError(response, text);
                if (AwsErrorCodes.IsRetryable(code, response.StatusCode) && attempt < _options.MaxAttempts)
                {
                    await BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw AwsErrorCodes.Create(_service, operation, code, message, response.StatusCode, requestId);
            }
        }
    }

    private Task BackoffAsync(int attempt, CancellationToken cancellationToken)
    {
        // Full jitter: a uniform wait in [0, min(max, base * 2^(attempt-1))], so many workers throttled together spread out.
        var ceiling = Math.Min(_options.MaxDelay.TotalMilliseconds, _options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        var wait = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
        return _options.Delay is { } delay ? delay(wait, cancellationToken) : Task.Delay(wait, _options.Time, cancellationToken);
    }

    /// <summary>
    /// Signs <paramref name="request"/> (whose body is <paramref name="body"/>) with AWSSDK.Core's SigV4 signer: every
    /// header already on it and its <c>Content-Type</c> are signed, and the signer's <c>Authorization</c>,
    /// <c>X-Amz-Date</c>, <c>X-Amz-Content-SHA256</c> and (for temporary credentials) <c>X-Amz-Security-Token</c> are added.
    /// </summary>
    internal static async Task SignAsync(HttpRequestMessage request, byte[] body, AWSCredentials credentials, string region, string service, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var signing = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri ?? throw new InvalidOperationException("the request has no URI"),
            Content = body,
        };
        foreach (var (name, values) in request.Headers)
        {
            // Every header set so far is signed (AWS General Reference, "Create a canonical request": any header may be).
            signing.Headers[name] = string.Join(',', values);
        }

        if (request.Content?.Headers.ContentType is { } contentType)
        {
            signing.Headers["Content-Type"] = contentType.ToString();
        }

        var result = await AWSSigV4Signer.SignAsync(
            signing,
            new AWSSigV4Parameters { Credentials = credentials, Region = RegionEndpoint.GetBySystemName(region), Service = service, SignedAt = now.UtcDateTime },
            cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in result.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>Reads the error code and message of a JSON or XML error answer.</summary>
    internal static (string Code, string Message, string? RequestId) ParseError(HttpResponseMessage response, string text)
    {
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        string? code = null;
        string? message = null;
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var types))
        {
            code = types.FirstOrDefault()?.Split(':')[0];
        }

        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(trimmed);
                var root = doc.RootElement;
                if (root.TryGetProperty("__type", out var t) && t.GetString() is { } type)
                {
                    code ??= type[(type.LastIndexOf('#') + 1)..];
                }

                if (root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m))
                {
                    message = m.GetString();
                }
            }
            catch (JsonException)
            {
                message = text;
            }
        }
        else if (trimmed.StartsWith('<'))
        {
            try
            {
                var root = XDocument.Parse(trimmed).Root!;
                var error = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
                code ??= error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
                message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
                requestId ??= root.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
            }
            catch (System.Xml.XmlException)
            {
                message = text;
            }
        }

        code ??= response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => "Throttling",
            HttpStatusCode.Forbidden => "AccessDenied",
            HttpStatusCode.NotFound => "NotFound",
            _ => "Http" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture),
        };
        return (code, message ?? response.ReasonPhrase ?? "", requestId);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
