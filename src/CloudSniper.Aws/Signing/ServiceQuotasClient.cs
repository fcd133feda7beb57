using System.Text.Json;
using System.Text.Json.Nodes;

namespace CloudSniper.Aws.Signing;

/// <summary>The Service Quotas reads the response engine needs, over awsJson1.1 (shapes from the 2019-06-24 model).</summary>
public sealed class ServiceQuotasClient(SignedAwsClient client)
{
    private const string Prefix = "ServiceQuotasV20190624";

    /// <summary>The value applied to the account (<c>GetServiceQuota</c>): the default, or a granted increase.</summary>
    public Task<double> GetServiceQuotaAsync(string serviceCode, string quotaCode, CancellationToken cancellationToken) =>
        ValueAsync("GetServiceQuota", serviceCode, quotaCode, cancellationToken);

    /// <summary>The AWS default value of a quota (<c>GetAWSDefaultServiceQuota</c>).</summary>
    public Task<double> GetAwsDefaultServiceQuotaAsync(string serviceCode, string quotaCode, CancellationToken cancellationToken) =>
        ValueAsync("GetAWSDefaultServiceQuota", serviceCode, quotaCode, cancellationToken);

    private async Task<double> ValueAsync(string operation, string serviceCode, string quotaCode, CancellationToken cancellationToken)
    {
        var answer = await client.JsonAsync(Prefix, operation, new JsonObject { ["ServiceCode"] = serviceCode, ["QuotaCode"] = quotaCode }, cancellationToken).ConfigureAwait(false);
        return answer.TryGetProperty("Quota", out var quota) && quota.TryGetProperty("Value", out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new InvalidDataException($"Service Quotas {operation} {serviceCode}/{quotaCode}: the answer has no Quota.Value");
    }
}
