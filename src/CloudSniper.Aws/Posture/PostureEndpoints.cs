namespace CloudSniper.Aws.Posture;

/// <summary>
/// Endpoint resolution as the AWS SDKs do it: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then <c>AWS_ENDPOINT_URL</c>,
/// then the service's public regional endpoint.
/// </summary>
public sealed class PostureEndpoints(Func<string, string?> getVariable)
{
    /// <summary>The base URL of <paramref name="serviceId"/> (the SDK service id, e.g. "GuardDuty", "Config Service") in <paramref name="region"/>.</summary>
    public Uri Resolve(string serviceId, string hostPrefix, string region, bool global = false)
    {
        ArgumentNullException.ThrowIfNull(serviceId);
        var specific = getVariable("AWS_ENDPOINT_URL_" + serviceId.ToUpperInvariant().Replace(' ', '_'));
        if (!string.IsNullOrEmpty(specific))
        {
            return new Uri(specific.TrimEnd('/') + "/");
        }

        var shared = getVariable("AWS_ENDPOINT_URL");
        if (!string.IsNullOrEmpty(shared))
        {
            return new Uri(shared.TrimEnd('/') + "/");
        }

        return new Uri(global ? $"https://{hostPrefix}.amazonaws.com/" : $"https://{hostPrefix}.{region}.amazonaws.com/");
    }

    /// <summary>The endpoint override of a service, or null when it uses the public endpoint.</summary>
    public string? Override(string serviceId)
    {
        ArgumentNullException.ThrowIfNull(serviceId);
        var specific = getVariable("AWS_ENDPOINT_URL_" + serviceId.ToUpperInvariant().Replace(' ', '_'));
        return !string.IsNullOrEmpty(specific) ? specific : getVariable("AWS_ENDPOINT_URL") is { Length: > 0 } shared ? shared : null;
    }
}
