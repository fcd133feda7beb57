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
    /// <summary>
    /// The explicit keys of the environment; else the named profile (<c>--profile</c> or <c>AWS_PROFILE</c>) from the shared
    /// config and credentials files; else null, to let the SDK's default chain resolve credentials.
    /// </summary>
    public static AWSCredentials? Credentials(CliEnvironment env)
    {
        if (env.GetVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 } key && env.GetVariable("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret)
        {
            return env.GetVariable("AWS_SESSION_TOKEN") is { Length: > 0 } token ? new SessionAWSCredentials(key, secret, token) : new BasicAWSCredentials(key, secret);
        }

        if (env.GetVariable("AWS_PROFILE") is { Length: > 0 } profile)
        {
            // AWS_SHARED_CREDENTIALS_FILE moves the credentials file, as in every AWS SDK; the config file is read from its usual place.
            var chain = env.GetVariable("AWS_SHARED_CREDENTIALS_FILE") is { Length: > 0 } file
                ? new Amazon.Runtime.CredentialManagement.CredentialProfileStoreChain(file)
                : new Amazon.Runtime.CredentialManagement.CredentialProfileStoreChain();
            return chain.TryGetAWSCredentials(profile, out var credentials)
                ? credentials
                : throw new UsageException($"AWS profile '{profile}' not found in the shared config or credentials file (see 'aws configure list-profiles')");
        }

        return null;
    }

    /// <summary>
    /// Fails with one line naming the fix, before anything is planned or sent, when no credentials can be found: explicit
    /// keys, the named profile, else the SDK's default chain (default profile, SSO, web identity, container and instance
    /// roles). <paramref name="alternative"/> says what works without AWS (for example <c>--offline</c>).
    /// </summary>
    /// <exception cref="AwsSetupException">No credentials were found.</exception>
    public static void RequireCredentials(CliEnvironment env, string alternative)
    {
        if (Credentials(env) is not null)
        {
            return;
        }

        try
        {
            _ = Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException)
        {
            throw new AwsSetupException(
                "no AWS credentials found: set AWS_PROFILE (or --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a role; " + alternative);
        }
    }

    /// <summary>A DynamoDB client for the store.</summary>
    public static Amazon.DynamoDBv2.AmazonDynamoDBClient DynamoDb(CliEnvironment env)
    {
        var config = new Amazon.DynamoDBv2.AmazonDynamoDBConfig();
        Configure(env, config, "DYNAMODB");
        return Credentials(env) is { } credentials ? new Amazon.DynamoDBv2.AmazonDynamoDBClient(credentials, config) : new Amazon.DynamoDBv2.AmazonDynamoDBClient(config);
    }

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
