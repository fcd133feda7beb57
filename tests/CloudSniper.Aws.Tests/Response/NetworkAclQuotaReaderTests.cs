using CloudSniper.Aws.Response;

namespace CloudSniper.Aws.Tests.Response;

public class NetworkAclQuotaReaderTests
{
    [Fact]
    public async Task Read_GivenARaisedQuota_AsksServiceQuotasOncePerHour()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("GetServiceQuota", "servicequotas.GetServiceQuota.raised.http").Then("GetServiceQuota", "servicequotas.GetServiceQuota.http");
        var reader = new NetworkAclQuotaReader(h.Clients);
        var ct = TestContext.Current.CancellationToken;

        var first = await reader.ReadAsync(ExecutorHarness.Account, ExecutorHarness.Region, h.Time.GetUtcNow(), ct);
        var cached = await reader.ReadAsync(ExecutorHarness.Account, ExecutorHarness.Region, h.Time.GetUtcNow().AddMinutes(59), ct);
        var later = await reader.ReadAsync(ExecutorHarness.Account, ExecutorHarness.Region, h.Time.GetUtcNow().AddMinutes(61), ct);

        Assert.Equal((40, 40, 20), (first.Value, cached.Value, later.Value));
        Assert.Equal("applied, from Service Quotas", first.Source);
        Assert.Equal(2, h.Replay.Calls("GetServiceQuota").Count());
    }

    [Fact]
    public async Task Read_GivenAccessDeniedEverywhere_SaysWhichPermissionWouldTellTheAppliedQuota()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("GetServiceQuota", "servicequotas.GetServiceQuota.AccessDeniedException.http").Then("GetAWSDefaultServiceQuota", "servicequotas.GetAWSDefaultServiceQuota.AccessDeniedException.http");

        var quota = await new NetworkAclQuotaReader(h.Clients).ReadAsync(ExecutorHarness.Account, ExecutorHarness.Region, h.Time.GetUtcNow(), TestContext.Current.CancellationToken);

        Assert.Equal(20, quota.Value);
        Assert.Contains("servicequotas:GetServiceQuota", quota.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_GivenAServiceQuotasEndpoint_SendsTheDocumentedTarget()
    {
        using var h = new ExecutorHarness();
        h.Replay.Then("GetServiceQuota", "servicequotas.GetServiceQuota.http");

        await new NetworkAclQuotaReader(h.Clients).ReadAsync(ExecutorHarness.Account, ExecutorHarness.Region, h.Time.GetUtcNow(), TestContext.Current.CancellationToken);

        var request = h.Replay.Requests.Single();
        Assert.Equal("ServiceQuotasV20190624.GetServiceQuota", request.Headers["X-Amz-Target"]);
        Assert.Equal("servicequotas.eu-west-1.amazonaws.com", request.Uri.Host);
        Assert.Contains("/servicequotas/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
    }
}
