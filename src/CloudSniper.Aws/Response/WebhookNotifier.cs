using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Aws.Response;

/// <summary>
/// Executes <c>notify-webhook</c>: POSTs JSON with <c>X-CloudSniper-Timestamp</c> (Unix seconds) and
/// <c>X-CloudSniper-Signature: sha256=HEX</c>, the HMAC-SHA256 of <c>timestamp.body</c> under the shared secret, so the
/// receiver can check origin and freshness.
/// </summary>
public sealed class WebhookNotifier(HttpClient http, Func<string, string?> environment, UrlVariablePolicy? urlVariables = null) : IActionExecutor
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-CloudSniper-Signature";

    /// <summary>The timestamp header.</summary>
    public const string TimestampHeader = "X-CloudSniper-Timestamp";

    /// <inheritdoc />
    public string ActionKey => NotifyWebhook.ActionKey;

    /// <summary>The signature of a body sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var template = action.Get("url") ?? "";
        if ((urlVariables ?? UrlVariablePolicy.Default).Refusal(template) is { } refusal)
        {
            return ActionOutcome.Failed(refusal);
        }

        var url = (urlVariables ?? UrlVariablePolicy.Default).Expand(template, environment);

        // The plan holds only the variable's name; the key is read here and never stored or printed.
        var secretName = action.Get(NotifyWebhook.SecretEnvParameter) ?? "";
        var secret = secretName.Length > 0 && !UrlVariablePolicy.IsNeverAllowed(secretName) ? environment(secretName) ?? "" : "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || secret.Length == 0)
        {
            return ActionOutcome.Failed($"the webhook URL or secret is missing (is {(secretName.Length > 0 ? secretName : "the secret-env variable")} set?)");
        }

        var content = NotificationContent.From(action, context);
        var body = JsonSerializer.Serialize(new
        {
            source = "cloudsniper",
            plan = content.PlanId,
            title = content.Title,
            findings = content.Findings.Select(f => new { f.Id, type = f.Type.Raw, f.Severity, f.AccountId, f.Region, f.Title }),
            findingIds = content.FindingIds,
            blocked = content.Indicators,
            actions = content.Actions.Select(a => new { key = a.Key, id = a.Id, status = a.Status, message = a.Message }),
            notices = content.Notices,
        });
        var timestamp = context.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Sign(secret, timestamp, body));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? new ActionOutcome(ActionStatus.Executed, $"posted to {uri.Host}") { WriteCalls = 1 }
            : ActionOutcome.Failed($"the webhook answered {(int)response.StatusCode}");
    }
}
