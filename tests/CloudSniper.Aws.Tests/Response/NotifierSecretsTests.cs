using CloudSniper.Aws.Response;
using CloudSniper.Core.Response;
using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Aws.Tests.Response;

/// <summary>Notifiers expand only allowed variables in URLs and read the webhook key by name.</summary>
public sealed class NotifierSecretsTests
{
    private sealed class Refuse : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }

    private static string? Env(string name) => name switch
    {
        "AWS_SECRET_ACCESS_KEY" => "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "SNIPER_HOOK_SECRET" => "s3cret",
        _ => null,
    };

    [Fact]
    public async Task Slack_GivenAwsSecretInUrl_FailsWithoutSendingAndNamesTheVariable()
    {
        using var h = new ExecutorHarness();
        var handler = new Refuse();
        using var http = new HttpClient(handler);

        var outcome = await new SlackNotifier(http, Env).ExecuteAsync(h.Action("notify-slack", [], ("url", "https://hooks.example.com/${AWS_SECRET_ACCESS_KEY}")), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Failed, outcome.Status);
        Assert.StartsWith("${AWS_SECRET_ACCESS_KEY} may not be expanded in a URL", outcome.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalrXUtnFEMI", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task Webhook_GivenSecretVariableInUrl_FailsWithoutSending()
    {
        using var h = new ExecutorHarness();
        var handler = new Refuse();
        using var http = new HttpClient(handler);

        var outcome = await new WebhookNotifier(http, Env).ExecuteAsync(h.Action("notify-webhook", [], ("url", "https://soar.example.com/${SNIPER_HOOK_SECRET}"), ("secret-env", "SNIPER_HOOK_SECRET")), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Failed, outcome.Status);
        Assert.Contains("${SNIPER_HOOK_SECRET} may not be expanded", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task Webhook_GivenConfiguredAllowList_ExpandsOnlyThoseNames()
    {
        using var h = new ExecutorHarness();
        var handler = new Refuse();
        using var http = new HttpClient(handler);
        var policy = new UrlVariablePolicy(["SOAR_HOST"]);

        var outcome = await new WebhookNotifier(http, n => n == "SOAR_HOST" ? "soar.example.com" : Env(n), policy).ExecuteAsync(h.Action("notify-webhook", [], ("url", "https://${SOAR_HOST}/hook"), ("secret-env", "SNIPER_HOOK_SECRET")), h.Context(), TestContext.Current.CancellationToken);

        Assert.Equal(ActionStatus.Executed, outcome.Status);
        Assert.Equal("posted to soar.example.com", outcome.Message);
        Assert.Equal(1, handler.Calls);
    }
}
