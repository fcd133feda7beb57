namespace CloudSniper.Aws.Signing;

/// <summary>
/// Resolves a service endpoint the way the AWS SDKs do: <c>AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt;</c> (the service id
/// upper-cased, spaces as underscores), then <c>AWS_ENDPOINT_URL</c>, then the shared config file's service-specific
/// and profile <c>endpoint_url</c>, all ignored when configured endpoints are switched off; otherwise the public endpoint
/// of the region's partition.
/// </summary>
public static class AwsEndpointResolver
{
    /// <summary>The endpoint and signing region for a service in a region.</summary>
    public static (Uri Endpoint, string SigningRegion) Resolve(AwsServiceDescription service, string region, Func<string, string?> environment)
    {
        if (Configured(service.ServiceId, environment) is { } configured)
        {
            if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri))
            {
                throw new InvalidOperationException($"the configured endpoint '{configured}' is not an absolute URL");
            }

            return (uri, service.GlobalSigningRegion is not null && !region.StartsWith("cn-", StringComparison.Ordinal) ? service.GlobalSigningRegion : region);
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

    /// <summary>
    /// The endpoint configured for a service id, in the SDKs' order: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>,
    /// <c>AWS_ENDPOINT_URL</c>, the service's <c>endpoint_url</c> in the profile's <c>services</c> section, the profile's
    /// <c>endpoint_url</c>; null when none, or when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> (or the profile's
    /// <c>ignore_configured_endpoint_urls</c>) is true.
    /// </summary>
    public static string? Configured(string serviceId, Func<string, string?> environment)
    {
        var ignoreVariable = environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
        if (string.Equals(ignoreVariable?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (environment("AWS_ENDPOINT_URL_" + EnvironmentSuffix(serviceId)) is { Length: > 0 } specific && specific.Trim().Length > 0)
        {
            return specific.Trim();
        }

        if (environment("AWS_ENDPOINT_URL") is { Length: > 0 } global && global.Trim().Length > 0)
        {
            return global.Trim();
        }

        var (service, profile, ignore) = SharedConfigEndpoints.Read(serviceId, environment);
        if (ignore && string.IsNullOrEmpty(ignoreVariable))
        {
            return null;
        }

        return !string.IsNullOrWhiteSpace(service) ? service.Trim() : !string.IsNullOrWhiteSpace(profile) ? profile.Trim() : null;
    }

    /// <summary>The suffix of the service-specific variable: <c>WAFV2</c>, <c>IAM</c>, <c>SNS</c>, <c>COGNITO_IDENTITY</c>.</summary>
    public static string EnvironmentSuffix(string serviceId) => serviceId.Trim().Replace(' ', '_').ToUpperInvariant();

    /// <summary>The DNS suffix of a region's partition.</summary>
    public static string DnsSuffix(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
}
