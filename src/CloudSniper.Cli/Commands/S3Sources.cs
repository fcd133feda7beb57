using Amazon.Runtime;
using Amazon.S3;
using CloudSniper.Aws.Sources;
using CloudSniper.Cli.Hosting;
using CloudSniper.Core.Ingestion;

namespace CloudSniper.Cli.Commands;

/// <summary>
/// Turns <c>s3://bucket/prefix</c> arguments of <c>sniper runbook</c> into S3 sources over one S3 client (created on
/// first use, with the standard credential chain, region and <c>AWS_ENDPOINT_URL[_S3]</c>); other arguments stay paths.
/// </summary>
internal sealed class S3Sources(CliEnvironment env) : IDisposable
{
    private AmazonS3Client? _client;

    /// <summary>The plain paths and the S3 sources among <paramref name="arguments"/>.</summary>
    public (IReadOnlyList<string> Paths, IReadOnlyList<IInputSource> Sources) Split(IReadOnlyList<string> arguments)
    {
        var paths = new List<string>();
        var sources = new List<IInputSource>();
        foreach (var argument in arguments)
        {
            if (!argument.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                paths.Add(argument);
                continue;
            }

            if (!S3Prefix.TryParse(argument, out var location))
            {
                throw new UsageException($"not an S3 location: {argument} (use s3://bucket/prefix)");
            }

            sources.Add(new NamedSource(new S3InputSource(Client(), location), location.ToString()));
        }

        return (paths, sources);
    }

    public void Dispose() => _client?.Dispose();

    private AmazonS3Client Client()
    {
        if (_client is not null)
        {
            return _client;
        }

        var region = env.GetVariable("AWS_REGION") ?? env.GetVariable("AWS_DEFAULT_REGION") ?? "us-east-1";
        var config = new AmazonS3Config { RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region) };
        var endpoint = env.GetVariable("AWS_ENDPOINT_URL_S3") ?? env.GetVariable("AWS_ENDPOINT_URL");
        if (!string.IsNullOrEmpty(endpoint))
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }

        var key = env.GetVariable("AWS_ACCESS_KEY_ID");
        var secret = env.GetVariable("AWS_SECRET_ACCESS_KEY");
        _client = !string.IsNullOrEmpty(key) && !string.IsNullOrEmpty(secret)
            ? new AmazonS3Client(env.GetVariable("AWS_SESSION_TOKEN") is { Length: > 0 } token ? new SessionAWSCredentials(key, secret, token) : new BasicAWSCredentials(key, secret), config)
            : new AmazonS3Client(config);
        return _client;
    }

    /// <summary>A source that prints as its S3 location in the report's inputs.</summary>
    private sealed class NamedSource(IInputSource inner, string name) : IInputSource
    {
        public IAsyncEnumerable<InputDocument> EnumerateAsync(CancellationToken cancellationToken = default) => inner.EnumerateAsync(cancellationToken);

        public override string ToString() => name;
    }
}
