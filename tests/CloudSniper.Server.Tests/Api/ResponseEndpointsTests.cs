using System.Net;
using System.Text.Json;

namespace CloudSniper.Server.Tests.Api;

public sealed class ResponseEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rejected_plan_leaves_the_pending_list_and_cannot_be_approved()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var posted = await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-1", "111111111111", severity: 8)), Ct);
        var planId = posted.RootElement.GetProperty("plans")[0].GetString();
        using var client = server.Client("responder");

        using var pendingBefore = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/plans?status=pending", UriKind.Relative), Ct));
        using var reject = await client.PostAsync(new Uri($"/api/v1/plans/{planId}/reject", UriKind.Relative), null, Ct);
        using var approve = await client.PostAsync(new Uri($"/api/v1/plans/{planId}/approve", UriKind.Relative), null, Ct);
        using var pendingAfter = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/plans?status=pending", UriKind.Relative), Ct));
        using var rejected = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/plans?status=rejected", UriKind.Relative), Ct));

        Assert.Equal([planId], pendingBefore.RootElement.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Empty(pendingAfter.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal([planId], rejected.RootElement.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        var audit = new List<Core.KnowledgeBase.AuditEntry>();
        await foreach (var e in server.KnowledgeBase.ListAuditAsync(new Core.KnowledgeBase.AuditQuery(Subject: planId), Ct))
        {
            audit.Add(e);
        }

        Assert.Contains(audit, e => e.Action == "plan.reject" && e.Actor == "apikey:responder-key");
    }

    [Fact]
    public async Task Approving_records_the_approval_under_the_key_name()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var posted = await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-1", "111111111111", severity: 8)), Ct);
        var planId = posted.RootElement.GetProperty("plans")[0].GetString()!;
        using var client = server.Client("responder");

        using var approve = await client.PostAsync(new Uri($"/api/v1/plans/{planId}/approve", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var approvals = await server.ResponseStore.ListApprovalsAsync(planId, Ct);
        Assert.NotEmpty(approvals);
        Assert.All(approvals, a => Assert.Equal("apikey:responder-key", a.Approver));
    }

    [Fact]
    public async Task Unblocking_an_address_that_is_not_blocked_is_404_and_a_malformed_one_400()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var client = server.Client("responder");

        using var missing = await client.DeleteAsync(new Uri("/api/v1/blocks/203.0.113.5", UriKind.Relative), Ct);
        using var malformed = await client.DeleteAsync(new Uri("/api/v1/blocks/not-an-ip", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }
}
