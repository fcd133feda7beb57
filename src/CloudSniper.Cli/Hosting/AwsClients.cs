using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;

namespace CloudSniper.Cli.Hosting;

/// <summary>
/// The SDK clients the CLI reads its inputs with (S3 prefixes, SQS queues), configured from the CLI's environment,
/// which tests inject: explicit keys (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>)
/// win, otherwise the SDK's default chain (profiles, SSO, container and instance roles) resolves credentials; the
/// region is <c>AWS_REGION</c> or <c>AWS_DEFAULT_REGION</c>, else the SDK's own resolution, else us-east-1;
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> or <c>AWS_ENDPOINT_URL</c> redirects a service (an emulator, a VPC endpoint).
/// </summary>
internal static class AwsClients
{
    /// <summary>The explicit keys of the environment, or null to let the SDK's default chain resolve credentials.</summary>
    public static AWSCredentials? Credentials(CliEnvironment env) =>
        env.GetVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 } key && env.GetVariable("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
            ? env.GetVariable("AWS_SESSION_TOKEN") is { Length: > 0 } token ? new SessionAWSCredentials(key, secret, token) : new BasicAWSCredentials(key, secret)
            : null;

    /// <summary>An S3 client; path-style addressing when an endpoint is set, so that one on an IP address serves buckets.</summary>
    public static AmazonS3Client S3(CliEnvironment env)
    {
        var config = new AmazonS3Config();
        if (Configure(env, config, "S3"))
        {
            config.ForcePathStyle = true;
        }

        return Credentials(env) is { } credentials ? new AmazonS3Client(credentials, config) : new AmazonS3Client(config);
    }

    /// <summary>An SQS client.</summary>
    public static AmazonSQSClient Sqs(CliEnvironment env)
    {
        var config = new AmazonSQSConfig();
        Configure(env, config, "SQS");
        return Credentials(env) is { } credentials ? new AmazonSQSClient(credentials, config) : new AmazonSQSClient(config);
    }

    // Sets the region and, when one is given, the endpoint; returns whether an endpoint was given.
    private static bool Configure(CliEnvironment env, ClientConfig config, string service)
    {
        var region = env.GetVariable("AWS_REGION") ?? env.GetVariable("AWS_DEFAULT_REGION");
        var endpoint = env.GetVariable("AWS_ENDPOINT_URL_" + service) ?? env.GetVariable("AWS_ENDPOINT_URL");
        var resolved = region is { Length: > 0 } ? RegionEndpoint.GetBySystemName(region) : FallbackRegionFactory.GetRegionEndpoint() ?? RegionEndpoint.USEast1;
        if (string.IsNullOrEmpty(endpoint))
        {
            config.RegionEndpoint = resolved;
            return false;
        }

        config.ServiceURL = endpoint;
        config.AuthenticationRegion = resolved.SystemName;
        return true;
    }
}
