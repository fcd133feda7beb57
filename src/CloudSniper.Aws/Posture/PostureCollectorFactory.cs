using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace CloudSniper.Aws.Posture;

/// <summary>Builds the live collector from the standard AWS settings: the default credential chain (profiles, SSO, instance roles) and region.</summary>
public static class PostureCollectorFactory
{
    /// <summary>
    /// A collector for the caller's credentials (<c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>/<c>AWS_SESSION_TOKEN</c>
    /// as <paramref name="getVariable"/> sees them, else the default chain); the home region is <c>AWS_REGION</c>,
    /// <c>AWS_DEFAULT_REGION</c>, the profile's, or us-east-1.
    /// </summary>
    public static AwsPostureCollector Create(Func<string, string?> getVariable, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var key = getVariable("AWS_ACCESS_KEY_ID");
        var secret = getVariable("AWS_SECRET_ACCESS_KEY");
        AWSCredentials credentials = !string.IsNullOrEmpty(key) && !string.IsNullOrEmpty(secret)
            ? getVariable("AWS_SESSION_TOKEN") is { Length: > 0 } token ? new SessionAWSCredentials(key, secret, token) : new BasicAWSCredentials(key, secret)
            : getVariable("AWS_PROFILE") is { Length: > 0 } profile && new Amazon.Runtime.CredentialManagement.CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var named)
                ? named
                : DefaultAWSCredentialsIdentityResolver.GetCredentials();
        var region = getVariable("AWS_REGION") ?? getVariable("AWS_DEFAULT_REGION") ?? FallbackRegionFactory.GetRegionEndpoint()?.SystemName ?? "us-east-1";
        return new AwsPostureCollector(credentials, region, getVariable, time);
    }
}
