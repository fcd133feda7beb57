using System.Net;
using System.Text.Json;
using CloudSniper.Core.Response.Store;

namespace CloudSniper.Server.Tests.Security;

/// <summary>
/// Every /api/v1 endpoint × no key, viewer, responder, admin and a responder key scoped to another account than the
/// data's: 401 without a key, 403 below the endpoint's role or outside the key's accounts, anything else otherwise.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Seeded seeded) : IClassFixture<AuthorizationMatrixTests.Seeded>
{
    private const string OtherAccount = "222222222222";

    public static TheoryData<string, string, string, string, bool> Cases()
    {
        var endpoints = new (string Method, string Path, string MinRole, bool ScopedForbidden)[]
        {
            ("GET", "/api/v1/findings", "viewer", false),
            ("GET", "/api/v1/findings/{finding}", "viewer", true),
            ("POST", "/api/v1/findings", "responder", false),
            ("GET", "/api/v1/incidents", "viewer", false),
            ("GET", "/api/v1/incidents/{incident}", "viewer", true),
            ("POST", "/api/v1/incidents/{incident}/notes", "responder", true),
            ("POST", "/api/v1/incidents/{incident}/close", "responder", true),
            ("GET", "/api/v1/iocs", "viewer", false),
            ("GET", "/api/v1/iocs/91.92.242.18", "viewer", true),
            ("GET", "/api/v1/iocs/export?format=txt", "viewer", false),
            ("GET", "/api/v1/blocks", "viewer", false),
            ("DELETE", "/api/v1/blocks/91.92.242.18", "responder", true),
            ("GET", "/api/v1/plans?status=pending", "viewer", false),
            ("GET", "/api/v1/plans/{plan}", "viewer", true),
            ("POST", "/api/v1/plans/{plan}/reject", "responder", true),
            ("POST", "/api/v1/plans/{plan}/approve", "responder", true),
            ("POST", "/api/v1/actions/{action}/undo", "responder", true),
            ("GET", "/api/v1/audit", "viewer", false),
            ("GET", "/api/v1/beacons", "viewer", false),
            ("GET", "/api/v1/runbook/reports", "viewer", false),
            ("GET", "/api/v1/runbook/reports/missing.html", "viewer", false),
        };
        var data = new TheoryData<string, string, string, string, bool>();
        foreach (var (method, path, minRole, scopedForbidden) in endpoints)
        {
            foreach (var role in new[] { "none", "viewer", "responder", "admin", "scoped" })
            {
                data.Add(method, path, minRole, role, scopedForbidden);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_endpoint_answers_each_key_by_role_and_account(string method, string path, string minRole, string role, bool scopedForbidden)
    {
        var url = path.Replace("{finding}", "f-other", StringComparison.Ordinal)
            .Replace("{incident}", seeded.IncidentId, StringComparison.Ordinal)
            .Replace("{plan}", seeded.PlanId, StringComparison.Ordinal)
            .Replace("{action}", seeded.ActionId, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = new StringContent(path.EndsWith("/notes", StringComparison.Ordinal) ? "{\"text\":\"checked\"}" : TestDocuments.Lines(TestDocuments.GuardDuty("f-matrix", OtherAccount)));
        }

        using var client = seeded.Server.Client(role == "none" ? null : role);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var status = (int)response.StatusCode;

        var expected = role switch
        {
            "none" => 401,
            "viewer" when minRole != "viewer" => 403,
            "scoped" when scopedForbidden => 403,
            _ => 0,
        };
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (expected == 0)
        {
            Assert.True(status is not (401 or 403), $"{method} {url} as {role}: {status} {body}");
        }
        else
        {
            Assert.True(expected == status, $"{method} {url} as {role}: expected {expected}, got {status} {body}");
        }
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    public async Task Health_metrics_and_the_api_document_need_no_key(string path)
    {
        using var client = seeded.Server.Client();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A server holding a finding, its incident, its plan and a block, all in <see cref="OtherAccount"/>.</summary>
    public sealed class Seeded : IAsyncLifetime
    {
        public ServerHarness Server { get; private set; } = null!;

        public string IncidentId { get; private set; } = "";

        public string PlanId { get; private set; } = "";

        public string ActionId { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            Server = await ServerHarness.StartAsync();
            using var posted = await Server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-other", OtherAccount, severity: 8, remoteIp: "91.92.242.18")));
            PlanId = posted.RootElement.GetProperty("plans")[0].GetString()!;
            var plan = await Server.ResponseStore.GetPlanAsync(PlanId);
            ActionId = plan!.Actions[0].Id;
            await foreach (var incident in Server.KnowledgeBase.ListIncidentsAsync(new Core.KnowledgeBase.IncidentQuery()))
            {
                IncidentId = incident.Id;
            }

            await Server.ResponseStore.UpsertBlocksAsync(
            [
                new BlockRecord
                {
                    Id = BlockRecord.IdFor(BlockKind.Waf, "arn:aws:wafv2:us-east-1:222222222222:regional/ipset/blocklist/1", "91.92.242.18/32"),
                    Address = "91.92.242.18/32",
                    Kind = BlockKind.Waf,
                    Target = "arn:aws:wafv2:us-east-1:222222222222:regional/ipset/blocklist/1",
                    AccountId = OtherAccount,
                    CreatedAt = Server.Time.GetUtcNow(),
                    ExpiresAt = Server.Time.GetUtcNow().AddDays(1),
                },
            ]);
        }

        public async ValueTask DisposeAsync() => await Server.DisposeAsync();
    }
}
