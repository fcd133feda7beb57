using CloudSniper.Core.Response.Execution;

namespace CloudSniper.Aws.Response;

/// <summary>The executor of every registered action, registered explicitly.</summary>
public static class AwsExecutors
{
    /// <summary>All executors over <paramref name="clients"/>; notifications post through <paramref name="http"/>.</summary>
    public static IReadOnlyList<IActionExecutor> Create(AwsClientFactory clients, HttpClient http) =>
    [
        new WafBlockExecutor(clients),
        new NetworkAclBlockExecutor(clients),
        new TagExecutor(clients),
        new IsolateExecutor(clients),
        new SnapshotExecutor(clients),
        new DeactivateAccessKeyExecutor(clients),
        new RevokeRoleSessionsExecutor(clients),
        new TagOwnerExecutor(clients),
        new SlackNotifier(http, clients.Options.Environment, clients.Options.UrlVariables),
        new SnsNotifier(clients),
        new WebhookNotifier(http, clients.Options.Environment, clients.Options.UrlVariables),
        new Iam.RetireAccessKeyExecutor(clients),
        new Iam.RetireLoginProfileExecutor(clients),
        new Iam.NotifyCredentialOwnerExecutor(new SlackNotifier(http, clients.Options.Environment, clients.Options.UrlVariables), new SnsNotifier(clients)),
    ];
}
