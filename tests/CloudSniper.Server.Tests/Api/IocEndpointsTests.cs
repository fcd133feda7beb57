using System.Net;
using System.Text.Json;
using CloudSniper.Core.Exports;
using CloudSniper.Core.KnowledgeBase;

namespace CloudSniper.Server.Tests.Api;

public sealed class IocEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("stix")]
    [InlineData("csv")]
    [InlineData("txt")]
    public async Task The_export_is_byte_for_byte_the_exporter_of_sniper_ioc_export(string format)
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var _ = await server.PostFindingsAsync(TestDocuments.Lines(
            TestDocuments.GuardDuty("f-1", "111111111111", remoteIp: "45.95.147.236", updatedAt: "2026-11-30T10:00:00Z"),
            TestDocuments.GuardDuty("f-2", "111111111111", remoteIp: "185.156.73.54", updatedAt: "2026-11-30T11:00:00Z")), Ct);
        using var client = server.Client("viewer");

        var bytes = await client.GetByteArrayAsync(new Uri("/api/v1/iocs/export?format=" + format, UriKind.Relative), Ct);

        using var expected = new MemoryStream();
        var now = server.Time.GetUtcNow();
        await IocExporters.Find(format)!.WriteAsync(server.KnowledgeBase.ListIocsAsync(new IocQuery(ActiveOnly: true, Now: now, Limit: int.MaxValue, Ttl: TimeSpan.FromDays(90)), Ct), expected, now, Ct);
        // The exporter gives each bundle a fresh random id, so the bundle id is blanked before comparing.
        Assert.Equal(BundleIdless(expected.ToArray()), BundleIdless(bytes));
        Assert.Contains("185.156.73.54", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    private static string BundleIdless(byte[] bytes) =>
        System.Text.RegularExpressions.Regex.Replace(System.Text.Encoding.UTF8.GetString(bytes), "bundle--[0-9a-f-]{36}", "bundle--");

    [Fact]
    public async Task Search_finds_by_substring_and_detail_lists_every_sighting()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var _ = await server.PostFindingsAsync(TestDocuments.Lines(
            TestDocuments.GuardDuty("f-1", "111111111111", remoteIp: "45.95.147.236"),
            TestDocuments.GuardDuty("f-2", "111111111111", remoteIp: "45.95.147.236"),
            TestDocuments.GuardDuty("f-3", "111111111111", remoteIp: "185.156.73.54")), Ct);
        using var client = server.Client("viewer");

        using var search = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/iocs?q=45.95", UriKind.Relative), Ct));
        using var detail = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/iocs/45.95.147.236", UriKind.Relative), Ct));
        using var missing = await client.GetAsync(new Uri("/api/v1/iocs/192.0.2.1", UriKind.Relative), Ct);

        Assert.Equal(["45.95.147.236"], search.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("value").GetString()));
        Assert.Equal(2, detail.RootElement.GetProperty("sightings").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_unknown_export_format_is_a_400_problem()
    {
        await using var server = await ServerHarness.StartAsync(cancellationToken: Ct);
        using var client = server.Client("viewer");

        using var response = await client.GetAsync(new Uri("/api/v1/iocs/export?format=xml", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
