using System.Net;
using System.Text;
using System.Text.Json;

namespace CloudSniper.Server.Tests.Api;

public sealed class IncidentEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> IncidentIdAsync(ServerHarness server)
    {
        await foreach (var incident in server.KnowledgeBase.ListIncidentsAsync(new Core.KnowledgeBase.IncidentQuery(), Ct))
        {
            return incident.Id;
        }

        throw new InvalidOperationException("no incident");
    }

    [Fact]
    public async Task A_note_and_closing_appear_in_the_timeline_and_close_moves_it_to_post_incident()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var _ = await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-1", "111111111111", title: "<b>probe</b>")), Ct);
        var id = await IncidentIdAsync(server);
        using var client = server.Client("responder");

        using var before = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/v1/incidents/{id}", UriKind.Relative), Ct));
        using var note = await client.PostAsync(new Uri($"/api/v1/incidents/{id}/notes", UriKind.Relative), new StringContent("{\"text\":\"<script>x</script> looked at it\"}", Encoding.UTF8, "application/json"), Ct);
        using var close = await client.PostAsync(new Uri($"/api/v1/incidents/{id}/close", UriKind.Relative), null, Ct);
        using var again = await client.PostAsync(new Uri($"/api/v1/incidents/{id}/close", UriKind.Relative), null, Ct);
        using var after = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/v1/incidents/{id}", UriKind.Relative), Ct));
        using var closedList = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/incidents?status=closed", UriKind.Relative), Ct));
        using var openList = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/incidents?status=open", UriKind.Relative), Ct));

        Assert.Equal("detection-and-analysis", before.RootElement.GetProperty("phase").GetString());
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("post-incident", after.RootElement.GetProperty("phase").GetString());
        Assert.Equal("closed", after.RootElement.GetProperty("incident").GetProperty("status").GetString());
        var timeline = after.RootElement.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == "finding" && e.GetProperty("text").GetString() == "<b>probe</b>");
        Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == "note" && e.GetProperty("text").GetString() == "<script>x</script> looked at it" && e.GetProperty("by").GetString() == "apikey:responder-key");
        Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == "closed");
        Assert.Equal([id], closedList.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.DoesNotContain(id, openList.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_note_without_text_is_a_400_problem()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var _ = await server.PostFindingsAsync(TestDocuments.Lines(TestDocuments.GuardDuty("f-1", "111111111111")), Ct);
        var id = await IncidentIdAsync(server);
        using var client = server.Client("responder");

        using var empty = await client.PostAsync(new Uri($"/api/v1/incidents/{id}/notes", UriKind.Relative), new StringContent("{}"), Ct);
        using var malformed = await client.PostAsync(new Uri($"/api/v1/incidents/{id}/notes", UriKind.Relative), new StringContent("{\"text\":"), Ct);
        using var missing = await client.PostAsync(new Uri("/api/v1/incidents/inc-missing/notes", UriKind.Relative), new StringContent("{\"text\":\"x\"}"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
    }
}
