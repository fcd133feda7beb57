using System.Collections.Concurrent;
using CloudSniper.Aws.Signing;

namespace CloudSniper.Aws.Response;

/// <summary>
/// Reads the "Rules per network ACL" quota applied to an account and region from Service Quotas (service <c>vpc</c>,
/// quota <c>L-2AEEBF1A</c>), falling back to the AWS default from <c>GetAWSDefaultServiceQuota</c>, then to
/// <see cref="AwsDefault"/>, when the role may not read it or the call fails; each answer is kept for an hour.
/// </summary>
public sealed class NetworkAclQuotaReader(AwsClientFactory clients)
{
    /// <summary>The Service Quotas service code of Amazon VPC.</summary>
    public const string ServiceCode = "vpc";

    /// <summary>The Service Quotas code of "Rules per network ACL".</summary>
    public const string QuotaCode = "L-2AEEBF1A";

    /// <summary>
    /// The AWS default (Amazon VPC quotas, "Rules per network ACL": 20 per direction, for IPv4 and IPv6 apart). An
    /// applied quota is never below it, so a direction below this many entries never needs the quota read.
    /// </summary>
    public const int AwsDefault = 20;

    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (NetworkAclQuota Quota, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>The quota in <paramref name="account"/> and <paramref name="region"/>; never throws for an AWS or network failure.</summary>
    public async Task<NetworkAclQuota> ReadAsync(string? account, string region, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = $"{account}|{region}";
        if (_cache.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Quota;
        }

        var quota = await FetchAsync(account, region, cancellationToken).ConfigureAwait(false);
        _cache[key] = (quota, now + KeepFor);
        return quota;
    }

    private async Task<NetworkAclQuota> FetchAsync(string? account, string region, CancellationToken cancellationToken)
    {
        ServiceQuotasClient client;
        try
        {
            client = await clients.ServiceQuotasAsync(account, region, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unreadable(ex, cancellationToken))
        {
            return new NetworkAclQuota(AwsDefault, $"the AWS default (Service Quotas not reachable: {Why(ex)})");
        }

        string applied;
        try
        {
            var value = await client.GetServiceQuotaAsync(ServiceCode, QuotaCode, cancellationToken).ConfigureAwait(false);
            return new NetworkAclQuota(ToCount(value), "applied, from Service Quotas");
        }
        catch (Exception ex) when (Unreadable(ex, cancellationToken))
        {
            // Some quotas have no applied value until raised (NoSuchResourceException); the default is the next best answer.
            applied = Why(ex);
        }

        try
        {
            var value = await client.GetAwsDefaultServiceQuotaAsync(ServiceCode, QuotaCode, cancellationToken).ConfigureAwait(false);
            return new NetworkAclQuota(ToCount(value), $"the AWS default, from Service Quotas (applied value not readable: {applied})");
        }
        catch (Exception ex) when (Unreadable(ex, cancellationToken))
        {
            return new NetworkAclQuota(AwsDefault, $"the AWS default (Service Quotas not readable: {applied})");
        }
    }

    private static int ToCount(double value) => value >= 1 && value <= int.MaxValue ? (int)value : AwsDefault;

    private static bool Unreadable(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested &&
        (AwsFailures.IsAws(ex) || ex is HttpRequestException or InvalidDataException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException);

    private static string Why(Exception ex) => ex switch
    {
        AwsAccessDeniedException a => $"access denied; the role needs {a.Permission}",
        AwsServiceException s => s.ErrorCode,
        _ => ex.GetType().Name,
    };
}
