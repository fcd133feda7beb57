using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudSniper.Aws.Signing;

/// <summary>
/// The Route 53 Resolver DNS Firewall operations a domain block needs, over awsJson1.1 (target prefix
/// <c>Route53Resolver</c>; shapes and errors from the botocore model <c>route53resolver/2018-04-01</c>): find or create
/// the managed domain list, make sure a BLOCK rule of the rule group uses it, and add or remove domains.
/// </summary>
public sealed class Route53ResolverClient(SignedAwsClient client)
{
    private const string Prefix = "Route53Resolver";

    /// <summary>What the signed client needs to know about the service (model metadata: endpoint prefix and signing name <c>route53resolver</c>).</summary>
    public static AwsServiceDescription Service { get; } = new("Route53Resolver", "route53resolver", "route53resolver");

    /// <summary>The most domains one <c>UpdateFirewallDomains</c> call takes ("There is a limit of 1000 domains per request").</summary>
    public const int MaxDomainsPerUpdate = 1000;

    /// <summary>The region of the underlying client.</summary>
    public string Region => client.Region;

    /// <summary>The id of the account's own domain list named <paramref name="name"/> (managed lists of AWS are skipped), or null.</summary>
    public async Task<string?> FindDomainListAsync(string name, CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var request = new JsonObject { ["MaxResults"] = 100 };
            if (token is not null)
            {
                request["NextToken"] = token;
            }

            var answer = await client.JsonAsync(Prefix, "ListFirewallDomainLists", request, cancellationToken).ConfigureAwait(false);
            if (answer.TryGetProperty("FirewallDomainLists", out var lists))
            {
                foreach (var list in lists.EnumerateArray())
                {
                    // ManagedOwnerName is set only on the lists AWS manages, which cannot be updated.
                    if (Text(list, "Name") == name && Text(list, "ManagedOwnerName") is null)
                    {
                        return Text(list, "Id");
                    }
                }
            }

            token = Text(answer, "NextToken");
        }
        while (token is not null);

        return null;
    }

    /// <summary>Creates an empty domain list; <paramref name="creatorRequestId"/> makes a retried call idempotent.</summary>
    public async Task<string> CreateDomainListAsync(string name, string creatorRequestId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["CreatorRequestId"] = creatorRequestId, ["Name"] = name };
        if (tags.Count > 0)
        {
            request["Tags"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);
        }

        var answer = await client.JsonAsync(Prefix, "CreateFirewallDomainList", request, cancellationToken).ConfigureAwait(false);
        return Text(answer.GetProperty("FirewallDomainList"), "Id") ?? throw new JsonException("CreateFirewallDomainList answered without a FirewallDomainList.Id");
    }

    /// <summary>The rules of a rule group (follows <c>NextToken</c>).</summary>
    public async Task<IReadOnlyList<DnsFirewallRule>> ListRulesAsync(string ruleGroupId, CancellationToken cancellationToken)
    {
        var rules = new List<DnsFirewallRule>();
        string? token = null;
        do
        {
            var request = new JsonObject { ["FirewallRuleGroupId"] = ruleGroupId, ["MaxResults"] = 100 };
            if (token is not null)
            {
                request["NextToken"] = token;
            }

            var answer = await client.JsonAsync(Prefix, "ListFirewallRules", request, cancellationToken).ConfigureAwait(false);
            if (answer.TryGetProperty("FirewallRules", out var page))
            {
                rules.AddRange(page.EnumerateArray().Select(r => new DnsFirewallRule(
                    Text(r, "Name") ?? "",
                    Text(r, "FirewallDomainListId"),
                    r.TryGetProperty("Priority", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0,
                    Text(r, "Action") ?? "",
                    Text(r, "BlockResponse"))));
            }

            token = Text(answer, "NextToken");
        }
        while (token is not null);

        return rules;
    }

    /// <summary>Adds a BLOCK rule over a domain list to a rule group, answering NXDOMAIN or NODATA.</summary>
    public Task CreateBlockRuleAsync(string ruleGroupId, string domainListId, int priority, string blockResponse, string name, string creatorRequestId, CancellationToken cancellationToken)
    {
        if (blockResponse is not ("NXDOMAIN" or "NODATA"))
        {
            throw new ArgumentException($"block response '{blockResponse}' is not NXDOMAIN or NODATA", nameof(blockResponse));
        }

        return client.JsonAsync(Prefix, "CreateFirewallRule", new JsonObject
        {
            ["CreatorRequestId"] = creatorRequestId,
            ["FirewallRuleGroupId"] = ruleGroupId,
            ["FirewallDomainListId"] = domainListId,
            ["Priority"] = priority,
            ["Action"] = "BLOCK",
            ["BlockResponse"] = blockResponse,
            ["Name"] = name,
        }, cancellationToken);
    }

    /// <summary>
    /// Adds (<c>ADD</c>) or removes (<c>REMOVE</c>) domains of a list: ADD adds to the domains already there, REMOVE
    /// searches the list for them and removes them (the model's documentation of <c>Operation</c>). Returns the list's status.
    /// </summary>
    public async Task<string?> UpdateDomainsAsync(string domainListId, string operation, IReadOnlyList<string> domains, CancellationToken cancellationToken)
    {
        if (operation is not ("ADD" or "REMOVE"))
        {
            throw new ArgumentException($"operation '{operation}' is not ADD or REMOVE", nameof(operation));
        }

        if (domains.Count is 0 or > MaxDomainsPerUpdate)
        {
            throw new ArgumentException($"{domains.Count} domains: one call takes 1 to {MaxDomainsPerUpdate}", nameof(domains));
        }

        var answer = await client.JsonAsync(Prefix, "UpdateFirewallDomains", new JsonObject
        {
            ["FirewallDomainListId"] = domainListId,
            ["Operation"] = operation,
            ["Domains"] = new JsonArray([.. domains.Select(d => (JsonNode)JsonValue.Create(d)!)]),
        }, cancellationToken).ConfigureAwait(false);
        return Text(answer, "Status");
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
