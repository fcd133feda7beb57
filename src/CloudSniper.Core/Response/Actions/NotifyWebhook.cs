using CloudSniper.Core.Response.Planning;

namespace CloudSniper.Core.Response.Actions;

/// <summary>
/// Posts the findings and the actions taken as JSON to a generic webhook, signed with HMAC-SHA256 over
/// <c>timestamp.body</c> in the <c>X-CloudSniper-Signature</c> header.
/// </summary>
/// <example>
/// <code>
/// - notify-webhook: { url: "https://soar.example.com/hook", secret-env: SNIPER_WEBHOOK_SECRET }
/// </code>
/// </example>
public sealed class NotifyWebhook : ResponseAction
{
    /// <summary>The registry key.</summary>
    public const string ActionKey = "notify-webhook";

    /// <summary>The parameter naming the environment variable that holds the signing key.</summary>
    public const string SecretEnvParameter = "secret-env";

    public override string Key => ActionKey;

    public override string Description => "POST the findings and the actions taken as JSON to a webhook, signed with HMAC-SHA256";

    public override NistPhase Phase => NistPhase.PostIncident;

    public override bool Notifies => true;

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("url", ParameterType.String, "Webhook URL; ${NAME} is replaced by an allowed environment variable NAME when sending", Required: true),
        new(SecretEnvParameter, ParameterType.String, "Name of the environment variable that holds the HMAC-SHA256 key (the key itself never goes in a playbook)", Required: true) { Secret = true },
    ];

    public override IReadOnlyList<string> Permissions { get; } = [];

    public override string DryRun => "Shows the URL that would be called; no request is sent.";

    public override void Plan(ActionPlanningContext context) => NotifyPlanning.Plan(context, "url");
}
