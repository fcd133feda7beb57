using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace CloudSniper.Aws.Posture;

/// <summary>Builds the live collector from the standard AWS settings: the default credential chain (profiles, SSO, instance roles) and region.</summary>
public static class PostureCollectorFactory
{
    /// <summary>A collector for the caller's credentials; the home region is <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile's, or us-east-1.</summary>
    public static AwsPostureCollector Create(Func<string, string?> getVariable, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
        var region = getVariable("AWS_REGION") ?? getVariable("AWS_DEFAULT_REGION") ?? FallbackRegionFactory.GetRegionEndpoint()?.SystemName ?? "us-east-1";
        return new AwsPostureCollector(credentials, region, getVariable, time);
    }
}
