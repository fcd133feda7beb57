namespace CloudSniper.Aws.Signing;

/// <summary>
/// Resolves a service endpoint the way the AWS SDKs do: <c>AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt;</c> (the service id
/// upper-cased, spaces as underscores), then <c>AWS_ENDPOINT_URL</c>, both ignored when
/// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true; otherwise the public endpoint of the region's partition.
/// </summary>
public static class AwsEndpointResolver
{
    /// <summary>The endpoint and signing region for a service in a region.</summary>
    public static (Uri Endpoint, string SigningRegion) Resolve(AwsServiceDescription service, string region, Func<string, string?> environment)
    {
        var ignore = string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        if (!ignore)
        {
            var specific = environment("AWS_ENDPOINT_URL_" + EnvironmentSuffix(service.ServiceId));
            var configured = !string.IsNullOrWhiteSpace(specific) ? specific : environment("AWS_ENDPOINT_URL");
            if (!string.IsNullOrWhiteSpace(configured))
            {
                if (!Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri))
                {
                    throw new InvalidOperationException($"the configured endpoint '{configured}' is not an absolute URL");
                }

                return (uri, service.GlobalSigningRegion is not null && !region.StartsWith("cn-", StringComparison.Ordinal) ? service.GlobalSigningRegion : region);
            }
        }

        var suffix = DnsSuffix(region);
        if (service.GlobalSigningRegion is not null)
        {
            // IAM is global: one endpoint per partition, signed for the partition's home region.
            return region.StartsWith("cn-", StringComparison.Ordinal)
                ? (new Uri($"https://{service.EndpointPrefix}.cn-north-1.{suffix}/"), "cn-north-1")
                : region.StartsWith("us-gov-", StringComparison.Ordinal)
                    ? (new Uri($"https://{service.EndpointPrefix}.us-gov.{suffix}/"), "us-gov-west-1")
                    : (new Uri($"https://{service.EndpointPrefix}.{suffix}/"), service.GlobalSigningRegion);
        }

        return (new Uri($"https://{service.EndpointPrefix}.{region}.{suffix}/"), region);
    }

    /// <summary>The endpoint configured through the environment for a service id (null when none, or when ignored).</summary>
    public static string? Configured(string serviceId, Func<string, string?> environment)
    {
        if (string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var specific = environment("AWS_ENDPOINT_URL_" + EnvironmentSuffix(serviceId));
        return !string.IsNullOrWhiteSpace(specific) ? specific.Trim() : environment("AWS_ENDPOINT_URL") is { Length: > 0 } global ? global.Trim() : null;
    }

    /// <summary>The suffix of the service-specific variable: <c>WAFV2</c>, <c>IAM</c>, <c>SNS</c>, <c>COGNITO_IDENTITY</c>.</summary>
    public static string EnvironmentSuffix(string serviceId) => serviceId.Trim().Replace(' ', '_').ToUpperInvariant();

    /// <summary>The DNS suffix of a region's partition.</summary>
    public static string DnsSuffix(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
}
