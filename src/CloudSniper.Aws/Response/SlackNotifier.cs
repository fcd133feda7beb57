using System.Text;
using System.Text.Json.Nodes;
using CloudSniper.Core.Escaping;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Actions;
using CloudSniper.Core.Response.Execution;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Aws.Response;

/// <summary>Executes <c>notify-slack</c>: posts a Block Kit message (findings, indicators, actions) to an incoming webhook.</summary>
public sealed class SlackNotifier(HttpClient http, Func<string, string?> environment, UrlVariablePolicy? urlVariables = null) : IActionExecutor
{
    /// <inheritdoc />
    public string ActionKey => NotifySlack.ActionKey;

    /// <summary>The Block Kit payload for <paramref name="content"/>.</summary>
    public static JsonObject Payload(NotificationContent content)
    {
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = content.Title.Length <= 150 ? content.Title : content.Title[..149] + "…" } },
        };
        if (content.Findings.Count > 0)
        {
            var text = string.Join('\n', content.Findings.Take(10).Select(f => $"*{E(f.Type.Raw)}* severity {f.Severity:0.#} `{E(f.AccountId)}` {E(f.Region)}\n{E(f.Title)}"));
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Clip(text, 3000) } });
        }

        if (content.Indicators.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Clip("*Blocked:* " + string.Join(", ", content.Indicators.Select(i => $"`{E(i)}`")), 3000) } });
        }

        if (content.Actions.Count > 0)
        {
            var fields = new JsonArray();
            foreach (var a in content.Actions.Take(10))
            {
                fields.Add(new JsonObject { ["type"] = "mrkdwn", ["text"] = Clip($"*{E(a.Key)}* ({E(a.Status)})\n{E(a.Message)}", 2000) });
            }

            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        }

        foreach (var notice in content.Notices)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Clip(":warning: " + E(notice), 3000) } });
        }

        if (content.PlanId.Length > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"plan `{E(content.PlanId)}` · undo with `sniper undo &lt;action-id&gt;`" }) });
        }

        return new JsonObject { ["text"] = E(content.Title), ["blocks"] = blocks };
    }

    /// <inheritdoc />
    public async Task<ActionOutcome> ExecuteAsync(PlannedAction action, ActionExecutionContext context, CancellationToken cancellationToken)
    {
        var template = action.Get("url") ?? "";
        if ((urlVariables ?? UrlVariablePolicy.Default).Refusal(template) is { } refusal)
        {
            return ActionOutcome.Failed(refusal);
        }

        var url = (urlVariables ?? UrlVariablePolicy.Default).Expand(template, environment);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return ActionOutcome.Failed("the Slack webhook URL is missing or invalid (is its environment variable set?)");
        }

        var payload = Payload(NotificationContent.From(action, context)).ToJsonString();
        using var response = await http.PostAsync(uri, new StringContent(payload, Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? new ActionOutcome(ActionStatus.Executed, "posted to Slack") { WriteCalls = 1 }
            : ActionOutcome.Failed($"Slack answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
    }

    // The header is plain_text, which Slack shows verbatim; every mrkdwn field and the fallback text are escaped.
    private static string E(string? text) => SlackText.Escape(text ?? "");

    private static string Clip(string text, int max) => SlackText.Clip(text, max);
}
